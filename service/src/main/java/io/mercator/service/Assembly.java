package io.mercator.service;

import io.mercator.catalog.CatalogProjection;
import io.mercator.events.log.EventLog;
import io.mercator.events.log.kafka.GroupMembership;
import io.mercator.events.log.kafka.KafkaEventLog;
import io.mercator.events.projection.Projection;
import io.mercator.events.projection.ProjectionRunner;
import io.mercator.popularity.PopularityProjection;
import io.mercator.hydration.features.FeatureProjection;
import io.mercator.hydration.store.OnlineStore;
import io.mercator.learning.lifecycle.ModelLifecycle;
import io.mercator.moderation.ActiveOverrides;
import io.mercator.moderation.AuditTrail;
import io.mercator.moderation.ModerationQueue;
import io.mercator.recall.analysis.MarketplaceAnalyzer;
import io.mercator.recall.embedding.HashingTextEmbedder;
import io.mercator.service.access.AccessKeys;
import io.mercator.service.backends.Backends;
import io.mercator.service.boost.BoostStack;
import io.mercator.service.backends.EventLogs;
import io.mercator.service.backends.StoreBackend;
import io.mercator.service.config.MercatorConfig;
import io.mercator.service.lifecycle.ModelLifecycles;
import io.mercator.service.ranking.RankingStack;
import io.mercator.service.text.TextStack;
import io.mercator.service.fraud.FraudStack;
import io.mercator.fraud.loop.FraudRelease;
import io.mercator.learning.release.RankerRelease;
import io.mercator.release.ReleaseEvents;
import io.mercator.release.Releases;
import io.mercator.release.ShadowRunner;
import io.mercator.service.vision.VisionStack;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The composition root: every part one Mercator runs, built from its configuration. The four
 * backends the configuration names, the catalog, the model lifecycle (registry, canary, monitor),
 * the ranking stack, the moderation queue, overrides and audit trail, text intelligence, the access
 * keys, and one runner per projection fed from the log. Nothing is started here.
 *
 * <p>{@link Mercator} starts these parts and puts the HTTP front on them; the benchmarks build the
 * same assembly, so they measure every projection the service runs; {@code mercator train} opens
 * the configured log and lifecycle through {@link #eventLog} and {@link #lifecycle}.
 */
public final class Assembly implements AutoCloseable {

    private final Backends backends;
    private final CatalogProjection catalog;
    private final ModelLifecycle lifecycle;
    private final RankingStack ranking;
    private final BoostStack boosts;
    private final ModerationQueue moderationQueue = new ModerationQueue();
    private final ActiveOverrides overrides = new ActiveOverrides();
    private final AuditTrail auditTrail = new AuditTrail();
    private final AccessKeys keys;
    private final TextStack text;
    private final VisionStack vision;
    private final FraudStack fraud;
    private final ShadowRunner shadowRunner;
    private final Releases releases;
    private final List<ProjectionRunner> runners = new ArrayList<>();

    private Assembly(Vertx vertx, MeterRegistry registry, MercatorConfig config, Backends backends,
                     HashingTextEmbedder embedder, EventLog sharedStoreLog) {
        this.backends = backends;
        this.catalog = new CatalogProjection();
        this.keys = AccessKeys.load(config);
        this.lifecycle = lifecycle(config);
        // the agent that fills the sponsored slots, and its ledger of campaigns' spend, charging
        // against budget leased from the online store that every instance shares
        this.boosts = new BoostStack(registry, config.autoboost(), backends.store().store());
        // the ranker asks the canary router which models score a buyer
        this.ranking = new RankingStack(vertx, registry, backends.log(), backends.store().store(), catalog,
                lifecycle.router(), config.ranking(), embedder, backends.keyword(), backends.vector(), boosts.agent());
        // the feature rows: counters are increments, so on a durable store they must not be applied
        // again after a restart; on a shared store one instance of the group writes them
        runners.add(new ProjectionRunner(sharedStoreLog, backends.store().writingProjection(FeatureProjection::new),
                ProjectionRunner.Options.defaults()));
        List<Projection> projections = new ArrayList<>(List.of(catalog,
                // whole ranked lists: replaying them is harmless
                new PopularityProjection(backends.store().idempotentWrites())));
        projections.addAll(ranking.projections());
        projections.addAll(boosts.projections());
        // humans in the loop: the moderation queue, the overrides in force, the audit trail
        projections.addAll(List.of(moderationQueue, overrides, auditTrail));
        // text intelligence: template usage for auto-reply, the listing texts that wait for analysis
        this.text = new TextStack(vertx, registry, config, backends.log(), catalog);
        projections.addAll(text.projections());
        // image intelligence: the near-duplicate index of analysed listing photos
        this.vision = new VisionStack(vertx, registry, config, backends.log());
        projections.addAll(vision.projections());
        // fraud that learns from moderators: every listing's fraud features, moderators' decisions as labels
        this.fraud = new FraudStack(registry, config.fraud(), backends.log(), config.dataPath());
        projections.addAll(fraud.projections());
        // safer releases: shadow and blue-green for each kind of model, every transition an event
        ReleaseEvents releaseEvents = new ReleaseEvents(backends.log(), Clock.systemUTC());
        this.shadowRunner = new ShadowRunner(config.releases().shadowQueue(), config.releases().shadowCoreShare());
        List<io.mercator.release.ModelRelease> releasable = new ArrayList<>(List.of(
                RankerRelease.control(lifecycle, shadowRunner, releaseEvents, Clock.systemUTC()),
                FraudRelease.control(fraud.loop(), releaseEvents, Clock.systemUTC())));
        // the text and image models are released where their engines run: here, when embedded
        text.release(shadowRunner, releaseEvents, Clock.systemUTC()).ifPresent(releasable::add);
        vision.release(shadowRunner, releaseEvents, Clock.systemUTC()).ifPresent(releasable::add);
        this.releases = new Releases(releasable);
        for (Projection p : projections) {
            runners.add(new ProjectionRunner(backends.log(), p, ProjectionRunner.Options.defaults()));
        }
        // CTR per model version, interactions and served features for the learning loop (a small de-duplication window)
        runners.add(new ProjectionRunner(backends.log(), lifecycle.monitor(), ModelLifecycles.MONITOR_RUNNER));
    }

    /**
     * Opens the backends and builds every part on them; fails (closing what it opened) when a backend
     * cannot be opened or a setting is refused (a ranking knob out of range, say).
     */
    public static Future<Assembly> open(Vertx vertx, MeterRegistry registry, MercatorConfig config) {
        MarketplaceAnalyzer analyzer = new MarketplaceAnalyzer();
        HashingTextEmbedder embedder = new HashingTextEmbedder(analyzer);
        return Backends.open(vertx, config, analyzer, embedder.dimension()).compose(backends ->
                sharedStoreLog(backends, config).compose(sharedLog -> {
                    try {
                        return Future.succeededFuture(new Assembly(vertx, registry, config, backends, embedder, sharedLog));
                    } catch (RuntimeException e) {
                        backends.close();
                        return Future.failedFuture(e);
                    }
                }, e -> {
                    backends.close();
                    return Future.failedFuture(e);
                }));
    }

    /**
     * The log as the projections that write to the online store read it. Alone on its store, an
     * instance reads every partition. Instances on Kafka that share Redis join one consumer group:
     * the feature rows join entities across partitions (an interaction's listing's category, an
     * order's seller), so the group gives every partition to one instance, and the others stand by
     * to take over, from the checkpoints stored with the rows, when it goes.
     */
    private static Future<EventLog> sharedStoreLog(Backends backends, MercatorConfig config) {
        if (backends.log() instanceof KafkaEventLog kafka && backends.store() instanceof StoreBackend.Redis) {
            MercatorConfig.Kafka k = config.log().kafka();
            return kafka.joinGroup(k.topicPrefix() + ".store-projections", new KafkaEventLog.GroupSettings(
                            KafkaEventLog.Sharing.ONE_OWNER, Duration.ofMillis(k.groupSessionTimeoutMs())))
                    .map(GroupMembership::log);
        }
        return Future.succeededFuture(backends.log());
    }

    /** The event log the configuration names, alone: for commands that only read it. */
    public static Future<EventLog> eventLog(Vertx vertx, MercatorConfig config) {
        return EventLogs.open(vertx, config);
    }

    /** The model registry on the data directory with the gate, canary and retraining trigger configured. */
    public static ModelLifecycle lifecycle(MercatorConfig config) {
        return ModelLifecycles.fromConfig(config, Clock.systemUTC());
    }

    /** Starts every projection runner; completes once each knows its partitions. */
    public Future<Void> startProjections() {
        List<Future<Void>> starts = new ArrayList<>();
        for (ProjectionRunner r : runners) {
            starts.add(r.start());
        }
        return Future.all(starts).mapEmpty();
    }

    public Backends backends() {
        return backends;
    }

    public EventLog log() {
        return backends.log();
    }

    public OnlineStore store() {
        return backends.store().store();
    }

    public CatalogProjection catalog() {
        return catalog;
    }

    public ModelLifecycle lifecycle() {
        return lifecycle;
    }

    public RankingStack ranking() {
        return ranking;
    }

    /** The auto-boost agent and its ledger. */
    public BoostStack boosts() {
        return boosts;
    }

    public ModerationQueue moderationQueue() {
        return moderationQueue;
    }

    public ActiveOverrides overrides() {
        return overrides;
    }

    public AuditTrail auditTrail() {
        return auditTrail;
    }

    /** Text analysis, auto-reply and the listing flow's screening. */
    public VisionStack vision() {
        return vision;
    }

    public FraudStack fraud() {
        return fraud;
    }

    /** The release controls of every model kind. */
    public Releases releases() {
        return releases;
    }

    public TextStack text() {
        return text;
    }

    /** The admin and client keys this instance accepts. */
    public AccessKeys keys() {
        return keys;
    }

    /** One runner per projection, the learning loop's monitor last. */
    public List<ProjectionRunner> runners() {
        return List.copyOf(runners);
    }

    /** Stops the runners and closes the ranking workers, the lifecycle and the backends. */
    @Override
    public void close() {
        runners.forEach(ProjectionRunner::close);
        try {
            boosts.close().toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing: what was not given back stays leased until the campaign ends
        }
        try {
            ranking.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing: the pool is gone with the process either way
        }
        shadowRunner.close();
        lifecycle.close();
        backends.close();
    }
}
