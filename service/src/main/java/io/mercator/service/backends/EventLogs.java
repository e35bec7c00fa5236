package io.mercator.service.backends;

import io.mercator.events.log.EventLog;
import io.mercator.events.log.file.FileEventLog;
import io.mercator.events.log.kafka.KafkaEventLog;
import io.mercator.service.config.MercatorConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Opens the event log the configuration names: the embedded on-disk log or Kafka. */
public final class EventLogs {

    private EventLogs() {
    }

    public static Future<EventLog> open(Vertx vertx, MercatorConfig config) {
        MercatorConfig.Log c = config.log();
        return switch (c.backend()) {
            case EMBEDDED -> {
                try {
                    yield Future.succeededFuture(embedded(config.dataPath(), c.embedded()));
                } catch (RuntimeException e) {
                    yield Future.failedFuture(e);
                }
            }
            case KAFKA -> KafkaEventLog.start(vertx, kafkaOptions(c.kafka())).map(log -> (EventLog) log);
        };
    }

    private static EventLog embedded(Path dataDir, MercatorConfig.EmbeddedLog c) {
        return FileEventLog.open(dataDir.resolve("log"), new FileEventLog.Options(c.partitions(), c.fsync(),
                FileEventLog.Options.defaults().segmentBytes()));
    }

    /**
     * Kafka options from configuration. An append waits at most {@code appendTimeoutMs}: the intake
     * answers 503 with Retry-After instead of holding a client for the producer's default 30 s. One
     * broker request may take half of it, so a slow broker gets one retry within the bound.
     */
    static KafkaEventLog.Options kafkaOptions(MercatorConfig.Kafka k) {
        Map<String, String> client = new LinkedHashMap<>();
        putIfSet(client, "security.protocol", k.securityProtocol());
        putIfSet(client, "sasl.mechanism", k.saslMechanism());
        putIfSet(client, "sasl.jaas.config", k.saslJaasConfig());
        Duration append = Duration.ofMillis(k.appendTimeoutMs());
        return KafkaEventLog.Options.defaults(k.bootstrapServers())
                .withTopicPrefix(k.topicPrefix())
                .withTopology(k.partitions(), k.replicationFactor())
                .withClientId(k.clientId())
                .withTimeouts(append, append.dividedBy(2))
                .withClientProperties(client);
    }

    private static void putIfSet(Map<String, String> into, String key, String value) {
        if (value != null && !value.isBlank()) {
            into.put(key, value);
        }
    }
}
