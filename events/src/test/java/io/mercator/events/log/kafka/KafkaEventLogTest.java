package io.mercator.events.log.kafka;

import io.mercator.events.Event;
import io.mercator.events.EventFamily;
import io.mercator.events.TestEvents;
import io.mercator.events.log.EventLog;
import io.mercator.events.log.EventLogContract;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract against a real KRaft broker, three partitions per family topic; plus what only the
 * Kafka layout shows. Each test's temporary directory names its own topic prefix, so tests never
 * see one another's topics, and reopening "the same directory" reopens the same topics.
 */
class KafkaEventLogTest extends EventLogContract {

    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    static KafkaEventLog.Options options(String prefix) {
        return KafkaEventLog.Options.defaults(KafkaBroker.shared().bootstrapServers())
                .withTopicPrefix(prefix)
                .withTopology(3, 1)
                .withClientId("mercator-test")
                .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    static String prefixFor(Path dir) {
        return "t-" + dir.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    protected EventLog openLog(Path dir) {
        return await(KafkaEventLog.start(vertx, options(prefixFor(dir))));
    }

    private KafkaEventLog openKafka() {
        return (KafkaEventLog) open();
    }

    // ------------------------------------------------------------------ Kafka layout

    @Test
    void everyFamilyHasItsTopicAndEventsGoToTheirFamilysTopic() {
        KafkaEventLog log = openKafka();
        String prefix = prefixFor(dir);
        List<LogPartition> parts = await(log.partitions());
        assertThat(parts.stream().map(LogPartition::topic).collect(Collectors.toSet()))
                .isEqualTo(java.util.Arrays.stream(EventFamily.values())
                        .map(f -> prefix + "." + f.wireName()).collect(Collectors.toSet()));
        assertThat(parts).hasSize(3 * EventFamily.values().length);

        List<Event> oneOfEach = TestEvents.oneOfEveryType();
        await(log.append(oneOfEach));
        Map<LogPartition, List<LogRecord>> all = readAll(log);
        all.forEach((p, records) -> records.forEach(r -> assertThat(p.topic())
                .isEqualTo(KafkaEventLog.topicOf(prefix, r.event().type().family()))));
        assertThat(all.values().stream().flatMap(List::stream).map(LogRecord::event))
                .containsExactlyInAnyOrderElementsOf(oneOfEach);
    }

    @Test
    void readersOnManyThreadsShareAFewConsumers() throws Exception {
        KafkaEventLog log = openKafka();
        await(log.append(mixedKeys("m", 200)));
        Set<LogPartition> parts = Set.copyOf(await(log.partitions()));
        // a reading thread per partition at once, twice over: the pool grows to the concurrency, not beyond
        for (int round = 0; round < 2; round++) {
            List<Thread> threads = parts.stream().map(p -> Thread.ofPlatform().start(() ->
                    readFrom(log, p, 0, await(log.endOffset(p))))).toList();
            for (Thread t : threads) {
                t.join(CALL_TIMEOUT.toMillis());
            }
        }
        assertThat(readAll(log).values().stream().mapToInt(List::size).sum()).isEqualTo(200);
        assertThat(log.readerCount()).as("consumers made").isBetween(1, parts.size());
    }

    @Test
    void unknownPartitionsAndBadArgumentsFailTheFuture() {
        KafkaEventLog log = openKafka();
        LogPartition p0 = await(log.partitions()).get(0);
        assertThatThrownBy(() -> await(log.read(new LogPartition("events", 0), 0, 1, Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no partition");
        assertThatThrownBy(() -> await(log.read(new LogPartition(p0.topic(), 3), 0, 1, Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> await(log.read(p0, -1, 1, Duration.ZERO))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> await(log.read(p0, 0, 0, Duration.ZERO))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> await(log.commit("g", p0, -5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> await(log.commit(" ", p0, 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> await(log.append(List.of(TestEvents.click("x".repeat(129), "k", 0)))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> await(log.append(List.of(TestEvents.click("id", null, 0)))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readingBeyondTheEndAnswersEmpty() {
        KafkaEventLog log = openKafka();
        await(log.append(clicks("b", "key-1", 0, 3)));
        LogPartition p = partitionHolding(log, "b-0");
        assertThat(await(log.read(p, 100, 10, Duration.ofMillis(50)))).isEmpty();
        // and the reader that hit the end still serves the partition afterwards
        assertThat(await(log.read(p, 0, 10, Duration.ofSeconds(5)))).hasSize(3);
    }

    // ------------------------------------------------------------------ options

    @Test
    void optionsNeverPrintClientSecretsAndKeepTheGuaranteesOutOfReach() {
        KafkaEventLog.Options o = KafkaEventLog.Options.defaults("broker:9092").withClientProperties(Map.of(
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"hunter2\";"));
        assertThat(o.toString()).contains("sasl.jaas.config").doesNotContain("hunter2");
        assertThatThrownBy(() -> o.withClientProperties(Map.of("acks", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acks");
        assertThatThrownBy(() -> o.withClientProperties(Map.of("enable.idempotence", "false")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deliveryTimeout");
        assertThatThrownBy(() -> o.withTopicPrefix("bad prefix")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void optionsComeFromConfiguration() {
        KafkaEventLog.Options o = KafkaEventLog.Options.fromConfig(new JsonObject()
                .put("bootstrapServers", "k1:9092,k2:9092").put("topicPrefix", "prod").put("partitions", 12)
                .put("replicationFactor", 3).put("deliveryTimeoutMs", 20_000)
                .put("client", new JsonObject().put("security.protocol", "SASL_SSL")));
        assertThat(o.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(o.topicPrefix()).isEqualTo("prod");
        assertThat(o.partitions()).isEqualTo(12);
        assertThat(o.replicationFactor()).isEqualTo((short) 3);
        assertThat(o.deliveryTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.clientProperties()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(KafkaEventLog.Options.fromConfig(new JsonObject().put("bootstrapServers", "k:1")).topicPrefix())
                .isEqualTo("mercator");
    }
}
