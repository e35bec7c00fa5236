package io.mercator.nlp.screening;

import io.mercator.events.Event;
import io.mercator.events.EventType;
import io.mercator.events.TestEvents;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.log.file.FileEventLog;
import io.mercator.events.payload.ListingPayload;
import io.mercator.nlp.service.TextAnalysis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The listing flow's screening against a real file log, with the text service down. */
class ListingScreenerTest {

    private static final int LISTINGS = 230; // more than four batches of 50

    @TempDir
    Path dir;

    @Test
    void shouldMarkEveryWaitingListingPendingReviewOnceWhileAnalysisIsDown() throws Exception {
        FileEventLog log = FileEventLog.open(dir, FileEventLog.Options.defaults());
        try {
            List<Event> published = new ArrayList<>();
            ListingPayload.Published p = TestEvents.published();
            for (int i = 0; i < LISTINGS; i++) {
                published.add(Event.of("pub-" + i, TestEvents.TS + i, "L-" + i, new ListingPayload.Published(p.sellerId(),
                        p.title() + " #" + i, p.description(), p.lang(), p.category(), p.price(), p.condition(), p.stock(),
                        p.photos(), p.province(), p.lat(), p.lon())));
            }
            await(log.append(published));
            ListingTexts texts = new ListingTexts();
            long next = catchUp(log, texts, 0);

            TextAnalysis down = new TextAnalysis() {
                @Override
                public Future<List<io.mercator.nlp.TextReport>> analyze(List<io.mercator.nlp.TextInput> in) {
                    return Future.failedFuture(new Down("text service stopped"));
                }

                @Override
                public Future<io.mercator.nlp.reply.AutoReply.Replies> suggest(String m, String id, io.mercator.nlp.reply.ListingFacts f) {
                    return Future.failedFuture(new Down("text service stopped"));
                }
            };
            ListingScreener screener = new ListingScreener(texts, down, log, new ScreeningPolicy(0.4, true, 0.9, 50, 0),
                    Clock.systemUTC(), new SimpleMeterRegistry());
            for (int round = 0; round < 3; round++) {
                assertThat(await(screener.screenOnce())).isZero();
                next = catchUp(log, texts, next);
            }

            // every listing served marked pending review, none analysed, still waiting for analysis
            assertThat(texts.waitingCount()).isEqualTo(LISTINGS);
            assertThat(texts.waitingUndeferredCount()).isZero();
            Map<String, Integer> marks = new HashMap<>();
            for (LogRecord r : await(log.read(new LogPartition(FileEventLog.TOPIC, 0), 0, 10_000, Duration.ZERO))) {
                if (r.event().type() == EventType.TEXT_DEFERRED) {
                    marks.merge(r.event().key(), 1, Integer::sum);
                }
            }
            assertThat(marks).hasSize(LISTINGS);
            assertThat(marks.values()).allMatch(n -> n == 1);
        } finally {
            log.close();
        }
    }

    private static long catchUp(FileEventLog log, ListingTexts texts, long from) throws Exception {
        List<LogRecord> batch = await(log.read(new LogPartition(FileEventLog.TOPIC, 0), from, 10_000, Duration.ZERO));
        await(texts.apply(batch));
        return batch.isEmpty() ? from : batch.get(batch.size() - 1).offset() + 1;
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get();
    }
}
