package io.mercator.service;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Request logs carry the route, status and time, never the query string (user ids, locations, search text). */
class AccessLogPrivacyTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldNotLogQueryStringsOrBodies() throws Exception {
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        Logger access = (Logger) LoggerFactory.getLogger("mercator.access");
        access.addAppender(captured);
        try (RunningMercator app = RunningMercator.start(dataDir, false)) {
            app.get("/no-such-route?user_id=U-secret-42&lat=13.7563&q=%E0%B8%A3%E0%B8%96");
            app.post("/events", "application/json", "[{\"id\":\"e1\",\"key\":\"U-secret-43\"}]");
            RunningMercator.eventually(java.time.Duration.ofSeconds(5), () -> captured.list.size() >= 2);
        } finally {
            access.detachAppender(captured);
        }
        assertThat(captured.list).isNotEmpty();
        for (ILoggingEvent e : captured.list) {
            String line = e.getFormattedMessage() + " " + java.util.Arrays.toString(e.getArgumentArray());
            assertThat(line).doesNotContain("U-secret", "13.7563", "user_id", "รถ");
        }
        assertThat(captured.list.stream().map(e -> java.util.Arrays.toString(e.getArgumentArray())))
                .anySatisfy(args -> assertThat(args).contains("route=/events", "status=400"));
    }
}
