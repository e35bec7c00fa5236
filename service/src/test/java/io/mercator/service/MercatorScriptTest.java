package io.mercator.service;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The ./mercator script refuses to run without a JDK 21+ and says where it looked. */
class MercatorScriptTest {

    @Test
    void shouldStopWithAClearMessageWhenNoJdk21IsFound() throws Exception {
        // surefire runs in the module's folder; the script sits at the repository root
        Path script = Path.of("").toAbsolutePath().getParent().resolve("mercator");
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
