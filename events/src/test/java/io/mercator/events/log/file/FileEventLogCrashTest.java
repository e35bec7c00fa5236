package io.mercator.events.log.file;

import io.mercator.events.Event;
import io.mercator.events.TestEvents;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a process that is busy appending (SIGKILL, no shutdown hooks, no close) and checks that
 * every batch it had acknowledged is in the log afterwards, whole and in order, and that the log
 * takes appends again.
 */
class FileEventLogCrashTest {

    private static final int ACKS_BEFORE_KILL = 300;
    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void killChild() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
    }

    @Test
    void everyAcknowledgedEventSurvivesSigkill() throws Exception {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashAppenderMain.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread pump = Thread.ofPlatform().daemon(true).name("crash-child-stdout").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the stream breaks when the child is killed; every line read before is in the queue
            }
        });

        assertThat(nextLine(lines)).isEqualTo("ready");
        int lastAcked = -1;
        while (lastAcked < ACKS_BEFORE_KILL) {
            String line = nextLine(lines);
            assertThat(line).startsWith("acked b");
            int batch = Integer.parseInt(line.substring("acked b".length(), line.indexOf('-')));
            assertThat(batch).as("acks come in batch order").isEqualTo(lastAcked + 1);
            lastAcked = batch;
        }
        child.destroyForcibly();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child died").isTrue();
        pump.join(TimeUnit.SECONDS.toMillis(10));
        // acks printed between our last read and the kill count as acknowledged too
        for (String line : lines) {
            if (line.startsWith("acked b")) {
                lastAcked = Math.max(lastAcked, Integer.parseInt(line.substring("acked b".length(), line.indexOf('-'))));
            }
        }

        try (FileEventLog log = FileEventLog.open(dir, CrashAppenderMain.OPTIONS)) {
            // every record decodes (read would fail otherwise) and none is torn
            List<Event> stored = new ArrayList<>();
            Map<String, Long> lastSeqOfKey = new HashMap<>();
            for (LogPartition p : log.partitions().await()) {
                long end = log.endOffset(p).await();
                long next = 0;
                while (next < end) {
                    List<LogRecord> got = log.read(p, next, 5000, Duration.ZERO).await();
                    assertThat(got).isNotEmpty();
                    for (LogRecord r : got) {
                        assertThat(r.offset()).isEqualTo(next++);
                        long seq = TestEvents.seqOf(r.event());
                        Long before = lastSeqOfKey.put(r.event().key(), seq);
                        assertThat(before == null || before < seq).as("order of key %s at %s", r.event().key(), r.offset()).isTrue();
                        stored.add(r.event());
                    }
                }
            }
            Set<String> storedIds = new HashSet<>();
            stored.forEach(e -> storedIds.add(e.id()));
            for (int b = 0; b <= lastAcked; b++) {
                for (int i = 0; i < CrashAppenderMain.BATCH_SIZE; i++) {
                    assertThat(storedIds).as("acknowledged event").contains(CrashAppenderMain.id(b, i));
                }
            }
            assertThat(stored).as("no event stored twice").hasSize(storedIds.size());

            List<Event> more = CrashAppenderMain.batch(1_000_000);
            assertThat(log.append(more).await().count()).isEqualTo(more.size());
            List<Event> tailReadBack = new ArrayList<>();
            for (LogPartition p : log.partitions().await()) {
                long end = log.endOffset(p).await();
                long from = end - more.stream().filter(e -> FileEventLog.partitionOf(e.key(), 2) == p.partition()).count();
                log.read(p, from, 5000, Duration.ZERO).await().forEach(r -> tailReadBack.add(r.event()));
            }
            assertThat(tailReadBack).containsExactlyInAnyOrderElementsOf(more);
        }
    }

    private static String nextLine(BlockingQueue<String> lines) throws InterruptedException {
        String line = lines.poll(LINE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("the child printed nothing for " + LINE_TIMEOUT);
        }
        return line;
    }
}
