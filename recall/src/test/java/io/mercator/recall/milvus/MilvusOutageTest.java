package io.mercator.recall.milvus;

import io.mercator.recall.RecallHit;
import io.mercator.recall.VectorRecall;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.mercator.recall.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The server goes away and comes back (same port, data kept) while one {@link MilvusVectorRecall}
 * stays open: calls fail within their budget while it is down and succeed again once it is back.
 * Run against {@link MilvusProtocolDouble}: this proves our timeouts and the gRPC channel's
 * reconnection, not how a real Milvus recovers.
 */
class MilvusOutageTest {

    @Test
    void searchFailsBoundedWhileTheServerIsDownAndRecoversAfterRestart() throws Exception {
        MilvusProtocolDouble server = new MilvusProtocolDouble().start();
        MilvusVectorRecall.Options options = MilvusVectorRecall.Options.local(server.uri(), "outage")
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1));
        try (MilvusVectorRecall recall = result(MilvusVectorRecall.open(options, 4))) {
            result(recall.upsert(List.of(new VectorRecall.Entry("a", new float[]{1, 0, 0, 0}))));

            server.stop();
            // the future must fail on its own; the 15 s here only guards the test against a hang
            assertThatThrownBy(() -> recall.nearest(new float[]{1, 0, 0, 0}, 5).toCompletionStage()
                    .toCompletableFuture().get(15, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
            assertThatThrownBy(() -> recall.delete(List.of("a")).toCompletionStage()
                    .toCompletableFuture().get(15, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);

            server.start();
            assertThat(awaitRecovered(recall)).extracting(RecallHit::listingId).containsExactly("a");
        } finally {
            server.close();
        }
    }

    /**
     * A longer outage, with calls failing all along (as a loaded service makes them): gRPC's own
     * reconnection back-off has grown to several seconds by the end, yet the first calls after the
     * return find a rebuilt connection.
     */
    @Test
    void afterALongOutageTheConnectionIsRebuiltInsteadOfWaitingOutGrpcsBackOff() throws Exception {
        MilvusProtocolDouble server = new MilvusProtocolDouble().start();
        MilvusVectorRecall.Options options = MilvusVectorRecall.Options.local(server.uri(), "long_outage")
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500));
        try (MilvusVectorRecall recall = result(MilvusVectorRecall.open(options, 4))) {
            result(recall.upsert(List.of(new VectorRecall.Entry("a", new float[]{1, 0, 0, 0}))));
            server.stop();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
            while (System.nanoTime() < until) {
                assertThat(recall.nearest(new float[]{1, 0, 0, 0}, 5).toCompletionStage().toCompletableFuture()
                        .handle((hits, e) -> e != null).get(15, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(200);
            }
            assertThat(recall.reconnections()).as("nothing to connect to while it was down").isZero();
            server.start();
            Thread.sleep(2 * MilvusVectorRecall.RECONNECT_EVERY.toMillis());
            assertThat(recall.reconnections()).as("a new connection once the server answered").isEqualTo(1);
            assertThat(result(recall.nearest(new float[]{1, 0, 0, 0}, 5))).extracting(RecallHit::listingId)
                    .containsExactly("a");
        } finally {
            server.close();
        }
    }

    /**
     * gRPC backs off between reconnection attempts, so the first call after the restart may still
     * see the channel as down; retry within a deadline, as a caller's circuit breaker would.
     */
    private static List<RecallHit> awaitRecovered(MilvusVectorRecall recall) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return recall.nearest(new float[]{1, 0, 0, 0}, 5).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Milvus recall did not recover after the restart", e);
                }
                Thread.sleep(200);
            }
        }
    }
}
