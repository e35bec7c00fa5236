package io.mercator.service;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The ./mercator script: the JDK it needs, and the heap it gives the JVM. */
class MercatorScriptTest {

    private static final long MIB = 1L << 20;
    private static final Pattern MAX_HEAP = Pattern.compile("size_t MaxHeapSize\\s+=\\s+(\\d+)");

    private static Path script() {
        // surefire runs in the module's folder; the script sits at the repository root
        return Path.of("").toAbsolutePath().getParent().resolve("mercator");
    }

    /** The maximum heap the JVM started by the script reports (its final flag value, not our flag text). */
    private static long maxHeapOfJvmStartedBy(Map<String, String> env, String... asCommand) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("bash", script().toString(), "java"));
        cmd.addAll(java.util.List.of(asCommand));
        cmd.addAll(java.util.List.of("-XX:+PrintFlagsFinal", "-version"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("MERCATOR_HEAP");
        pb.environment().remove("MERCATOR_JVM_OPTS");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Matcher m = MAX_HEAP.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static Map<String, String> env(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    @Test
    void theServiceGetsAFixedFourGigabyteHeapUnlessToldOtherwise() throws Exception {
        assertThat(maxHeapOfJvmStartedBy(env())).isEqualTo(4096 * MIB);
    }

    @Test
    void mercatorHeapSetsTheHeap() throws Exception {
        assertThat(maxHeapOfJvmStartedBy(env("MERCATOR_HEAP", "2g"))).isEqualTo(2048 * MIB);
        assertThat(maxHeapOfJvmStartedBy(env("MERCATOR_HEAP", "8g"), "--as", "bench")).isEqualTo(8192 * MIB);
    }

    @Test
    void anXmxInTheJvmOptionsWinsOverTheLauncherAndMercatorHeap() throws Exception {
        assertThat(maxHeapOfJvmStartedBy(env("MERCATOR_JVM_OPTS", "-Xmx768m"))).isEqualTo(768 * MIB);
        assertThat(maxHeapOfJvmStartedBy(env("MERCATOR_HEAP", "8g", "MERCATOR_JVM_OPTS", "-Xmx1g"))).isEqualTo(1024 * MIB);
        assertThat(maxHeapOfJvmStartedBy(env("MERCATOR_JVM_OPTS", "-Xmx1g"), "--as", "bench")).isEqualTo(1024 * MIB);
    }

    @Test
    void theBenchMayGrowToSixGigabytes() throws Exception {
        assertThat(maxHeapOfJvmStartedBy(env(), "--as", "bench")).isEqualTo(6144 * MIB);
    }

    @Test
    void shouldStopWithAClearMessageWhenNoJdk21IsFound() throws Exception {
        Path script = script();
        assertThat(script).isExecutable();
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "help");
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("MERCATOR_JVM_ROOTS", "/nonexistent-jdks");
        // a PATH without any JDK of ours: at most the system's older java, if the machine has one
        pb.environment().put("PATH", "/nonexistent-bin" + File.pathSeparator + "/bin");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.exitValue()).as(out).isEqualTo(1);
        assertThat(out).contains("needs a JDK 21 or newer").contains("Looked in").contains("/nonexistent-jdks/*")
                .contains("JAVA_HOME (unset)");
    }
}
