package io.mercator.events.log.kafka;

import io.mercator.events.Event;
import io.mercator.events.EventCodec;
import io.mercator.events.EventFamily;
import io.mercator.events.log.AppendAck;
import io.mercator.events.log.EventLog;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.log.LogUnavailableException;
import io.mercator.events.log.StorableEvents;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import io.vertx.kafka.admin.OffsetSpec;
import io.vertx.kafka.admin.TopicDescription;
import io.vertx.kafka.client.common.TopicPartitionInfo;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The event log on Kafka: one topic per {@link EventFamily} ({@code <prefix>.listing},
 * {@code <prefix>.interaction}, ...), records keyed by the event's entity key (Kafka's partitioner
 * keeps a key in one partition, so per-key order holds), values in {@link EventCodec}'s form.
 *
 * <p>Clients: appends go through vertx-kafka-client's producer, idempotent with {@code acks=all},
 * and a batch is acknowledged only when every record of it is; topics, end offsets and group
 * offsets go through its admin client. Reads use plain Kafka consumers with manual assignment and
 * seek, lent from a {@link ReaderPool} to one reading thread at a time (a consumer is not
 * thread-safe), so several projections read concurrently. Consumer-group offsets live in Kafka.
 *
 * <p>Threads: {@code read} runs on a pool owned by the log and never on the caller's thread, so an
 * event loop is never blocked; its future completes on the caller's Vert.x context when it has one.
 *
 * <p>Scaling: {@link #joinGroup} makes this instance a member of a consumer group, and the
 * membership's {@link GroupMembership#log() view} lists only the partitions Kafka assigns to it.
 *
 * <p>Topics this log creates keep their records forever ({@code retention.ms=-1}), because the port
 * promises a replay from offset 0. Adding partitions to a topic later moves keys to other
 * partitions and breaks per-key order across the change; do not.
 */
public final class KafkaEventLog implements EventLog {

    /** Producer batching delay; small, because appends wait for their acknowledgement. */
    static final int LINGER_MS = 5;
    /**
     * How long a reader's fetch waits on the broker for new records. Short, because a consumer does
     * not send a second fetch to a broker while one is pending, and a reader switching partitions
     * must not sit behind its previous partition's long poll.
     */
    private static final int READER_FETCH_WAIT_MS = 25;
    private static final int READER_MAX_POLL_RECORDS = 2000;

    /**
     * How the log reaches the cluster and lays out its topics.
     *
     * @param bootstrapServers  {@code host:port[,host:port...]} of the cluster
     * @param topicPrefix       topics are {@code <prefix>.<family>}, one per {@link io.mercator.events.EventFamily}
     * @param partitions        partitions of a topic this log creates (existing topics keep theirs)
     * @param replicationFactor replicas of a topic this log creates
     * @param clientId          prefix of the Kafka client ids (quotas, broker logs, metrics)
     * @param deliveryTimeout   how long an append may take before it fails with
     *                          {@link io.mercator.events.log.LogUnavailableException}
     * @param requestTimeout    how long one request to a broker may take (shorter than deliveryTimeout)
     * @param clientProperties  further Kafka client settings from configuration, e.g.
     *                          {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config};
     *                          the settings the log's guarantees rest on cannot be overridden here
     */
    public record Options(String bootstrapServers, String topicPrefix, int partitions, short replicationFactor,
                                  String clientId, Duration deliveryTimeout, Duration requestTimeout,
                                  Map<String, String> clientProperties) {

        private static final Pattern TOPIC_CHARS = Pattern.compile("[A-Za-z0-9._-]{1,200}");

        /**
         * Settings the log sets itself because its guarantees or its wiring depend on them
         * (acknowledgement, idempotence, offsets, serialisation).
         */
        static final Set<String> RESERVED = Set.of(
                "bootstrap.servers", "client.id", "acks", "enable.idempotence", "retries",
                "max.in.flight.requests.per.connection", "delivery.timeout.ms", "request.timeout.ms",
                "key.serializer", "value.serializer", "key.deserializer", "value.deserializer",
                "group.id", "enable.auto.commit", "auto.offset.reset", "isolation.level", "transactional.id");

        public Options {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrapServers must be set");
            }
            if (topicPrefix == null || !TOPIC_CHARS.matcher(topicPrefix).matches()) {
                throw new IllegalArgumentException("topicPrefix must be 1..200 of [A-Za-z0-9._-]: " + topicPrefix);
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1");
            }
            if (replicationFactor < 1) {
                throw new IllegalArgumentException("replicationFactor must be at least 1");
            }
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException("clientId must be set");
            }
            Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            if (requestTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("requestTimeout must be at least 1 ms");
            }
            // the producer refuses delivery.timeout.ms < linger.ms + request.timeout.ms
            if (deliveryTimeout.toMillis() < requestTimeout.toMillis() + LINGER_MS) {
                throw new IllegalArgumentException("deliveryTimeout must exceed requestTimeout by at least "
                        + LINGER_MS + " ms");
            }
            clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
            for (String key : clientProperties.keySet()) {
                if (RESERVED.contains(key)) {
                    throw new IllegalArgumentException("client property " + key + " is set by the event log itself");
                }
            }
        }

        /** Production defaults: prefix "mercator", 6 partitions, 3 replicas, 30 s appends, 10 s requests. */
        public static Options defaults(String bootstrapServers) {
            return new Options(bootstrapServers, "mercator", 6, (short) 3, "mercator",
                    Duration.ofSeconds(30), Duration.ofSeconds(10), Map.of());
        }

        /**
         * Reads options from configuration: {@code bootstrapServers} (required), {@code topicPrefix},
         * {@code partitions}, {@code replicationFactor}, {@code clientId}, {@code deliveryTimeoutMs},
         * {@code requestTimeoutMs}, and {@code client}, an object of further Kafka client settings
         * (where SASL credentials belong: they are never part of the code).
         */
        public static Options fromConfig(JsonObject config) {
            Options d = defaults(config.getString("bootstrapServers"));
            Map<String, String> client = new TreeMap<>();
            JsonObject extra = config.getJsonObject("client", new JsonObject());
            extra.forEach(e -> client.put(e.getKey(), String.valueOf(e.getValue())));
            return new Options(d.bootstrapServers(),
                    config.getString("topicPrefix", d.topicPrefix()),
                    config.getInteger("partitions", d.partitions()),
                    config.getInteger("replicationFactor", (int) d.replicationFactor()).shortValue(),
                    config.getString("clientId", d.clientId()),
                    Duration.ofMillis(config.getLong("deliveryTimeoutMs", d.deliveryTimeout().toMillis())),
                    Duration.ofMillis(config.getLong("requestTimeoutMs", d.requestTimeout().toMillis())),
                    client);
        }

        public Options withTopicPrefix(String prefix) {
            return new Options(bootstrapServers, prefix, partitions, replicationFactor, clientId,
                    deliveryTimeout, requestTimeout, clientProperties);
        }

        public Options withTopology(int partitions, int replicationFactor) {
            return new Options(bootstrapServers, topicPrefix, partitions, (short) replicationFactor, clientId,
                    deliveryTimeout, requestTimeout, clientProperties);
        }

        public Options withClientId(String id) {
            return new Options(bootstrapServers, topicPrefix, partitions, replicationFactor, id,
                    deliveryTimeout, requestTimeout, clientProperties);
        }

        public Options withTimeouts(Duration delivery, Duration request) {
            return new Options(bootstrapServers, topicPrefix, partitions, replicationFactor, clientId,
                    delivery, request, clientProperties);
        }

        public Options withClientProperties(Map<String, String> properties) {
            return new Options(bootstrapServers, topicPrefix, partitions, replicationFactor, clientId,
                    deliveryTimeout, requestTimeout, properties);
        }

        /** Names the client properties but never prints their values: they may hold credentials. */
        @Override
        public String toString() {
            return "Options[bootstrapServers=" + bootstrapServers + ", topicPrefix=" + topicPrefix
                    + ", partitions=" + partitions + ", replicationFactor=" + replicationFactor
                    + ", clientId=" + clientId + ", deliveryTimeout=" + deliveryTimeout
                    + ", requestTimeout=" + requestTimeout + ", clientProperties=" + new TreeMap<>(clientProperties).keySet() + "]";
        }
    }

    private final Vertx vertx;
    private final Options options;
    private final Map<EventFamily, String> topics;
    private final List<LogPartition> partitions;
    private final Set<LogPartition> known;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaAdminClient admin;
    /** The client under {@link #admin}, for the read threads, which may block. */
    private final AdminClient nativeAdmin;
    private final ReaderPool readers;
    private final ExecutorService readThreads;
    private final Map<String, GroupMembership> memberships = new ConcurrentHashMap<>();
    private final AtomicInteger clientSeq = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private KafkaEventLog(Vertx vertx, Options options, Map<EventFamily, String> topics, List<LogPartition> partitions,
                          KafkaProducer<String, byte[]> producer, AdminClient nativeAdmin, KafkaAdminClient admin) {
        this.vertx = vertx;
        this.options = options;
        this.topics = topics;
        this.partitions = List.copyOf(partitions);
        this.known = Set.copyOf(partitions);
        this.producer = producer;
        this.admin = admin;
        this.nativeAdmin = nativeAdmin;
        List<org.apache.kafka.common.TopicPartition> all = this.partitions.stream()
                .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
        this.readers = new ReaderPool(() -> new PartitionReader(
                new KafkaConsumer<>(readerConfig()), all, this::endOffsetBlocking, options.requestTimeout()));
        this.readThreads = Executors.newCachedThreadPool(
                Thread.ofPlatform().name("kafka-event-log-read-" + options.topicPrefix() + "-", 0).daemon(true).factory());
        // failures reach the caller through each send's future; without a handler Vert.x would log every one again
        producer.exceptionHandler(e -> { });
    }

    /**
     * Connects, creates the missing topics and answers the log once every topic can be described.
     * Fails with {@link LogUnavailableException} when the cluster cannot be reached within the
     * options' timeouts. The caller owns {@code vertx}; {@link #close()} does not close it.
     */
    public static Future<KafkaEventLog> start(Vertx vertx, Options options) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(options, "options");
        Map<EventFamily, String> topics = new EnumMap<>(EventFamily.class);
        for (EventFamily f : EventFamily.values()) {
            topics.put(f, topicOf(options.topicPrefix(), f));
        }
        AdminClient nativeAdmin = AdminClient.create(new HashMap<>(adminConfig(options)));
        KafkaAdminClient admin = KafkaAdminClient.create(vertx, nativeAdmin);
        return ensureTopics(vertx, admin, options, List.copyOf(topics.values()))
                .map(parts -> new KafkaEventLog(vertx, options, topics, parts,
                        KafkaProducer.create(vertx, producerConfig(options), String.class, byte[].class),
                        nativeAdmin, admin))
                .recover(e -> {
                    admin.close(options.requestTimeout().toMillis());
                    return Future.failedFuture(KafkaErrors.unavailable(
                            "starting the Kafka event log on " + options.bootstrapServers(), e));
                });
    }

    /** The topic that holds a family's events. */
    public static String topicOf(String topicPrefix, EventFamily family) {
        return topicPrefix + "." + family.wireName();
    }

    public Options options() {
        return options;
    }

    // ---------------------------------------------------------------- topics

    private static Future<List<LogPartition>> ensureTopics(Vertx vertx, KafkaAdminClient admin, Options o, List<String> names) {
        return admin.listTopics().compose(existing -> {
            List<NewTopic> missing = names.stream().filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, o.partitions(), o.replicationFactor()).setConfig(topicConfig(o)))
                    .toList();
            if (missing.isEmpty()) {
                return Future.<Void>succeededFuture();
            }
            // another instance starting at the same time may create some first: that is fine
            return admin.createTopics(missing).recover(e -> KafkaErrors.unwrap(e) instanceof TopicExistsException
                    ? Future.succeededFuture() : Future.failedFuture(e));
        }).compose(v -> describe(vertx, admin, names, 50));
    }

    /** New topics can take a moment to reach every broker's metadata, so "unknown topic" is retried briefly. */
    private static Future<List<LogPartition>> describe(Vertx vertx, KafkaAdminClient admin, List<String> names, int attemptsLeft) {
        return admin.describeTopics(names).map(KafkaEventLog::partitionsOf).recover(e -> {
            if (attemptsLeft <= 1 || !(KafkaErrors.unwrap(e) instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                return Future.failedFuture(e);
            }
            Promise<List<LogPartition>> retry = Promise.promise();
            vertx.setTimer(100, id -> describe(vertx, admin, names, attemptsLeft - 1).onComplete(retry));
            return retry.future();
        });
    }

    private static List<LogPartition> partitionsOf(Map<String, TopicDescription> described) {
        List<LogPartition> out = new ArrayList<>();
        for (TopicDescription d : described.values()) {
            for (TopicPartitionInfo info : d.getPartitions()) {
                out.add(new LogPartition(d.getName(), info.getPartition()));
            }
        }
        out.sort(Comparator.comparing(LogPartition::topic).thenComparingInt(LogPartition::partition));
        return out;
    }

    /**
     * Records are kept forever (the port promises a replay from offset 0); with more than one
     * replica an acknowledgement needs all but one of them, so acks=all means more than one copy.
     */
    private static Map<String, String> topicConfig(Options o) {
        Map<String, String> c = new HashMap<>();
        c.put("retention.ms", "-1");
        c.put("retention.bytes", "-1");
        c.put("cleanup.policy", "delete");
        c.put("min.insync.replicas", Integer.toString(Math.max(1, o.replicationFactor() - 1)));
        return c;
    }

    // ---------------------------------------------------------------- client settings

    private static Map<String, String> common(Options o, String clientId) {
        Map<String, String> c = new TreeMap<>(o.clientProperties());
        c.put("bootstrap.servers", o.bootstrapServers());
        c.put("client.id", clientId);
        c.put("request.timeout.ms", millis(o.requestTimeout()));
        return c;
    }

    private static Map<String, String> adminConfig(Options o) {
        Map<String, String> c = common(o, o.clientId() + "-admin");
        c.put("default.api.timeout.ms", millis(o.deliveryTimeout()));
        return c;
    }

    private static Map<String, String> producerConfig(Options o) {
        Map<String, String> c = common(o, o.clientId() + "-producer");
        c.put("acks", "all");
        c.put("enable.idempotence", "true");
        // at most 5 in flight keeps the idempotent producer's ordering across retries
        c.put("max.in.flight.requests.per.connection", "5");
        c.put("retries", Integer.toString(Integer.MAX_VALUE));
        c.put("delivery.timeout.ms", millis(o.deliveryTimeout()));
        c.put("linger.ms", Integer.toString(LINGER_MS));
        // a send blocks for metadata or buffer space at most this long, so a dead cluster cannot stall appends
        c.put("max.block.ms", millis(o.requestTimeout()));
        return c;
    }

    private Map<String, Object> readerConfig() {
        Map<String, Object> c = new HashMap<>(common(options, options.clientId() + "-reader-" + clientSeq.incrementAndGet()));
        c.put("default.api.timeout.ms", millis(options.deliveryTimeout()));
        c.put("key.deserializer", StringDeserializer.class.getName());
        c.put("value.deserializer", ByteArrayDeserializer.class.getName());
        c.put("enable.auto.commit", "false");
        c.put("auto.offset.reset", "none");
        c.put("isolation.level", "read_uncommitted");
        c.put("fetch.max.wait.ms", Integer.toString(READER_FETCH_WAIT_MS));
        c.put("max.poll.records", Integer.toString(READER_MAX_POLL_RECORDS));
        return c;
    }

    private Map<String, Object> memberConfig(String group, GroupSettings settings) {
        String id = options.clientId() + "-member-" + SAFE_ID.matcher(group).replaceAll("_") + "-" + clientSeq.incrementAndGet();
        Map<String, Object> c = new HashMap<>(common(options, id));
        if (settings.sessionTimeout() != null) {
            // how long after a member's last heartbeat (a killed process sends none) its partitions move
            c.put("session.timeout.ms", millis(settings.sessionTimeout()));
            c.put("heartbeat.interval.ms", millis(settings.sessionTimeout().dividedBy(3)));
        }
        if (settings.sharing() == Sharing.ONE_OWNER) {
            c.put("partition.assignment.strategy", OneOwnerAssignor.class.getName());
            c.put(OneOwnerAssignor.JOINED_AT, Long.toString(System.currentTimeMillis()));
        }
        c.put("default.api.timeout.ms", millis(options.deliveryTimeout()));
        c.put("key.deserializer", StringDeserializer.class.getName());
        c.put("value.deserializer", ByteArrayDeserializer.class.getName());
        c.put("group.id", group);
        c.put("enable.auto.commit", "false");
        // the member never fetches (its partitions are paused), but the consumer insists on a reset policy
        c.put("auto.offset.reset", "earliest");
        return c;
    }

    private static final Pattern SAFE_ID = Pattern.compile("[^A-Za-z0-9._-]");

    private static String millis(Duration d) {
        return Long.toString(d.toMillis());
    }

    // ---------------------------------------------------------------- append

    /**
     * Sends every event to its family's topic, keyed by its entity key, and completes when Kafka
     * acknowledged all of them ({@code acks=all}). Fails with {@link LogUnavailableException} when
     * any is not acknowledged; at the latest after {@code deliveryTimeout + requestTimeout}, however
     * the cluster behaves. A failed batch may be partly stored; retrying it is safe (readers
     * de-duplicate by event id).
     */
    @Override
    public Future<AppendAck> append(List<Event> events) {
        if (closed.get()) {
            return closedFuture();
        }
        if (events == null) {
            return Future.failedFuture(new IllegalArgumentException("events must not be null"));
        }
        if (events.isEmpty()) {
            return Future.succeededFuture(new AppendAck(0));
        }
        List<KafkaProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
        try {
            for (Event e : events) {
                StorableEvents.check(e);
                records.add(KafkaProducerRecord.create(topics.get(e.type().family()), e.key(), EventCodec.encode(e)));
            }
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        } catch (RuntimeException e) {
            return Future.failedFuture(new IllegalArgumentException("cannot encode batch: " + e.getMessage(), e));
        }
        int n = records.size();
        List<Future<?>> sent = new ArrayList<>(n);
        try {
            for (KafkaProducerRecord<String, byte[]> r : records) {
                sent.add(producer.send(r));
            }
        } catch (RuntimeException e) {
            return Future.failedFuture(closed.get() ? closedException() : KafkaErrors.unavailable("append", e));
        }
        Promise<AppendAck> outcome = Promise.promise();
        long bound = options.deliveryTimeout().plus(options.requestTimeout()).toMillis();
        // the producer's own timeouts should fire first; this guard holds if a send is stuck behind them
        long guard = vertx.setTimer(bound, id -> outcome.tryFail(new LogUnavailableException(
                "Kafka did not acknowledge a batch of " + n + " events within " + bound + " ms", null)));
        Future.all(sent).onComplete(ar -> {
            vertx.cancelTimer(guard);
            if (ar.succeeded()) {
                outcome.tryComplete(new AppendAck(n));
            } else {
                outcome.tryFail(closed.get() ? closedException() : KafkaErrors.unavailable("append of " + n + " events", ar.cause()));
            }
        });
        return outcome.future();
    }

    // ---------------------------------------------------------------- read side

    @Override
    public Future<List<LogPartition>> partitions() {
        if (closed.get()) {
            return closedFuture();
        }
        return Future.succeededFuture(partitions);
    }

    @Override
    public Future<List<LogRecord>> read(LogPartition partition, long fromOffset, int maxRecords, Duration maxWait) {
        if (closed.get()) {
            return closedFuture();
        }
        try {
            check(partition);
            if (fromOffset < 0) {
                throw new IllegalArgumentException("fromOffset must not be negative: " + fromOffset);
            }
            if (maxRecords < 1) {
                throw new IllegalArgumentException("maxRecords must be at least 1: " + maxRecords);
            }
            if (maxWait == null || maxWait.isNegative()) {
                throw new IllegalArgumentException("maxWait must be zero or positive");
            }
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        long waitNanos = saturatedNanos(maxWait);
        org.apache.kafka.common.TopicPartition tp =
                new org.apache.kafka.common.TopicPartition(partition.topic(), partition.partition());
        return onReadThread("read of " + partition, () -> {
            PartitionReader reader = readers.borrow(tp);
            try {
                return reader.read(partition, fromOffset, maxRecords, waitNanos);
            } finally {
                readers.release(reader);
            }
        });
    }

    /** The high watermark: the offset the next acknowledged record of the partition will get. */
    @Override
    public Future<Long> endOffset(LogPartition partition) {
        if (closed.get()) {
            return closedFuture();
        }
        try {
            check(partition);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        io.vertx.kafka.client.common.TopicPartition tp = vertxPartition(partition);
        return admin.listOffsets(Map.of(tp, OffsetSpec.LATEST))
                .map(m -> m.get(tp).getOffset())
                .recover(e -> Future.failedFuture(failure("end offset of " + partition, e)));
    }

    /** For the read threads: the end offset, blocking up to the request timeout. */
    private long endOffsetBlocking(org.apache.kafka.common.TopicPartition tp) {
        try {
            return nativeAdmin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .partitionResult(tp).get(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted while asking the end of " + tp, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw KafkaErrors.unavailable("end offset of " + tp, e);
        }
    }

    /**
     * Stores the group's offset in Kafka. Through this instance's membership when it is a member
     * of the group ({@link #joinGroup}); otherwise as a standalone commit, which Kafka accepts only
     * while the group has no live members.
     */
    @Override
    public Future<Void> commit(String group, LogPartition partition, long nextOffset) {
        if (closed.get()) {
            return closedFuture();
        }
        try {
            checkGroup(group);
            check(partition);
            if (nextOffset < 0) {
                throw new IllegalArgumentException("nextOffset must not be negative: " + nextOffset);
            }
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        GroupMembership member = memberships.get(group);
        if (member != null) {
            return member.commit(partition, nextOffset);
        }
        return admin.alterConsumerGroupOffsets(group, Map.of(vertxPartition(partition), new OffsetAndMetadata(nextOffset, "")))
                .recover(e -> Future.failedFuture(failure("commit of group " + group + " on " + partition, e)));
    }

    @Override
    public Future<Long> committed(String group, LogPartition partition) {
        if (closed.get()) {
            return closedFuture();
        }
        try {
            checkGroup(group);
            check(partition);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        io.vertx.kafka.client.common.TopicPartition tp = vertxPartition(partition);
        return admin.listConsumerGroupOffsets(group)
                .map(m -> {
                    OffsetAndMetadata o = m.get(tp);
                    return o == null ? 0L : o.getOffset();
                })
                .recover(e -> Future.failedFuture(failure("committed offset of group " + group + " on " + partition, e)));
    }

    // ---------------------------------------------------------------- consumer groups

    /** How the members of a consumer group share the partitions. */
    public enum Sharing {
        /** Kafka's default assignment: each member a share of every topic's partitions. */
        BY_PARTITION,
        /** Every partition to the longest-standing member; the others stand by ({@link OneOwnerAssignor}). */
        ONE_OWNER
    }

    /**
     * A consumer group's settings.
     *
     * @param sharing        how the members share the partitions
     * @param sessionTimeout how long a member may go without a heartbeat before its partitions go
     *                       to the others; null for Kafka's default (45 s)
     */
    public record GroupSettings(Sharing sharing, Duration sessionTimeout) {
        public GroupSettings {
            Objects.requireNonNull(sharing, "sharing");
        }

        public static final GroupSettings DEFAULT = new GroupSettings(Sharing.BY_PARTITION, null);
    }

    /** Joins {@code group} with Kafka's default assignment and session timeout; see {@link #joinGroup(String, GroupSettings)}. */
    public Future<GroupMembership> joinGroup(String group) {
        return joinGroup(group, GroupSettings.DEFAULT);
    }

    /**
     * Makes this instance a member of consumer group {@code group}: Kafka's group protocol assigns
     * it partitions as {@code settings} say, and rebalances when instances come and go. Completes
     * once the first assignment arrived. Joining the same group again answers the same membership
     * (with the settings it was first joined with). From then on, this log commits the group's
     * offsets through the membership.
     */
    public Future<GroupMembership> joinGroup(String group, GroupSettings settings) {
        if (closed.get()) {
            return closedFuture();
        }
        try {
            checkGroup(group);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        GroupMembership member = memberships.computeIfAbsent(group, g -> new GroupMembership(
                g, this, new KafkaConsumer<>(memberConfig(g, settings)), topics.values(), options.requestTimeout()));
        Promise<GroupMembership> outcome = Promise.promise();
        Duration bound = options.deliveryTimeout().plusSeconds(30); // a first join waits for the group's rebalance
        long guard = vertx.setTimer(bound.toMillis(), id -> outcome.tryFail(new LogUnavailableException(
                "no assignment for consumer group " + group + " within " + bound, null)));
        Context context = Vertx.currentContext();
        member.joined().onComplete(ar -> {
            vertx.cancelTimer(guard);
            // off the member's thread: a caller's slow callback must not hold up its heartbeats
            io.vertx.core.Handler<Void> settle = v -> outcome.handle(ar.map(m -> m));
            if (context != null) {
                context.runOnContext(settle);
            } else {
                vertx.runOnContext(settle);
            }
        });
        return outcome.future();
    }

    /** This instance's share of the partitions in consumer group {@code group} (joins it first if needed). */
    public Future<List<LogPartition>> assignedPartitions(String group) {
        return joinGroup(group).map(GroupMembership::assignment);
    }

    /** Consumers the readers made so far: at most the largest number of concurrent reads. */
    int readerCount() {
        return readers.size();
    }

    void forget(GroupMembership member) {
        memberships.remove(member.group(), member);
    }

    // ---------------------------------------------------------------- helpers

    private void check(LogPartition partition) {
        if (partition == null || !known.contains(partition)) {
            throw new IllegalArgumentException("no partition " + partition + " in " + this);
        }
    }

    private static void checkGroup(String group) {
        if (group == null || group.isBlank() || group.length() > 200) {
            throw new IllegalArgumentException("consumer group must be 1..200 characters");
        }
    }

    private static io.vertx.kafka.client.common.TopicPartition vertxPartition(LogPartition p) {
        return new io.vertx.kafka.client.common.TopicPartition(p.topic(), p.partition());
    }

    private RuntimeException failure(String what, Throwable e) {
        return closed.get() ? closedException() : KafkaErrors.unavailable(what, e);
    }

    /**
     * Runs blocking consumer work on the log's read threads, never on the caller's (which may be an
     * event loop, or a thread a test expects to see waiting), and completes on the caller's context.
     */
    private <T> Future<T> onReadThread(String what, java.util.concurrent.Callable<T> work) {
        Context context = Vertx.currentContext();
        Promise<T> promise = Promise.promise();
        try {
            readThreads.execute(() -> {
                Future<T> outcome;
                try {
                    outcome = Future.succeededFuture(work.call());
                } catch (Exception e) {
                    outcome = Future.failedFuture(failure(what, e));
                }
                Future<T> done = outcome;
                if (context == null) {
                    promise.handle(done);
                } else {
                    context.runOnContext(v -> promise.handle(done));
                }
            });
        } catch (RejectedExecutionException e) {
            return closedFuture();
        }
        return promise.future();
    }

    private IllegalStateException closedException() {
        return new IllegalStateException(this + " is closed");
    }

    private <T> Future<T> closedFuture() {
        return Future.failedFuture(closedException());
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Leaves the consumer groups, wakes and closes the readers, flushes and closes the producer.
     * Idempotent; every later call fails with IllegalStateException. Does not close the Vert.x instance.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (GroupMembership m : List.copyOf(memberships.values())) {
            m.close();
        }
        readers.close();
        readThreads.shutdown();
        long closeMillis = options.requestTimeout().toMillis();
        try {
            if (!readThreads.awaitTermination(closeMillis + 5_000, TimeUnit.MILLISECONDS)) {
                readThreads.shutdownNow();
            }
        } catch (InterruptedException e) {
            readThreads.shutdownNow();
            Thread.currentThread().interrupt();
        }
        awaitQuietly(producer.close(closeMillis), closeMillis + 5_000);
        awaitQuietly(admin.close(closeMillis), closeMillis + 5_000);
    }

    private static void awaitQuietly(Future<?> f, long millis) {
        try {
            f.toCompletionStage().toCompletableFuture().get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // closing is best effort: the clients are gone either way
        }
    }

    @Override
    public String toString() {
        return "KafkaEventLog[" + options.topicPrefix() + ".*, " + partitions.size() + " partitions]";
    }
}
