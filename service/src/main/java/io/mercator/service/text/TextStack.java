package io.mercator.service.text;

import io.mercator.catalog.CatalogProjection;
import io.mercator.events.log.EventLog;
import io.mercator.events.projection.Projection;
import io.mercator.nlp.SafetyPolicy;
import io.mercator.nlp.reply.ListingFacts;
import io.mercator.nlp.reply.TemplateUsage;
import io.mercator.nlp.screening.ListingScreener;
import io.mercator.nlp.screening.ListingTexts;
import io.mercator.nlp.screening.ScreeningPolicy;
import io.mercator.nlp.service.EventBusTextAnalysis;
import io.mercator.nlp.service.GuardedTextAnalysis;
import io.mercator.nlp.service.HttpTextAnalysis;
import io.mercator.nlp.service.NlpVerticle;
import io.mercator.nlp.service.TextAnalysis;
import io.mercator.nlp.service.TextEngine;
import io.mercator.nlp.service.TextHttpApi;
import io.mercator.service.config.MercatorConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Wires text intelligence into the service: the text engine and its verticle (embedded mode), or a
 * client of a separate {@code mercator nlp} deployment (remote mode), behind a circuit breaker; the
 * HTTP routes; the projections it reads (template usage, listing texts); the listing flow's
 * screener; and the text models, loaded from the registry or trained at first start. Wiring only.
 */
public final class TextStack {

    private static final Logger LOG = LoggerFactory.getLogger(TextStack.class);

    /** A release step loads and warms a model on the deployment: seconds, not the analysis timeout. */
    public static final Duration REMOTE_RELEASE_TIMEOUT = Duration.ofSeconds(30);

    private final MercatorConfig.Nlp config;
    private final Path dataDir;
    private final String adminKey;
    private final TemplateUsage usage = new TemplateUsage();
    private final ListingTexts listingTexts = new ListingTexts();
    private final TextEngine engine;
    private final TextAnalysis analysis;
    private final ListingScreener screener;
    private final CatalogProjection catalog;
    private volatile Vertx vertx;
    private volatile String deployment;

    public TextStack(Vertx vertx, MeterRegistry meters, MercatorConfig config, EventLog log, CatalogProjection catalog) {
        this.config = config.nlp();
        this.dataDir = config.dataPath();
        this.adminKey = config.admin().apiKey();
        this.catalog = catalog;
        SafetyPolicy policy = new SafetyPolicy(SafetyPolicy.DEFAULT.weights(), this.config.reviewBelow(), this.config.blockBelow());
        this.engine = new TextEngine(policy, usage, meters);
        TextAnalysis raw = switch (this.config.mode()) {
            case EMBEDDED -> new EventBusTextAnalysis(vertx, this.config.timeoutMs());
            case REMOTE -> new HttpTextAnalysis(vertx, this.config.url(), this.config.timeoutMs());
            case OFF -> new Off();
        };
        this.analysis = new GuardedTextAnalysis(raw, meters, Duration.ofSeconds(this.config.breakerOpenSeconds()));
        MercatorConfig.Screening s = this.config.screening();
        this.screener = new ListingScreener(listingTexts, analysis, log,
                new ScreeningPolicy(s.flagBelow(), s.hold(), s.holdAt(), s.batchSize(), s.retryAfterMs()), Clock.systemUTC(), meters);
        if (this.config.mode() == MercatorConfig.NlpMode.OFF) {
            engine.notLoaded("text analysis is off (nlp.mode: off)");
        }
    }

    /** The projections text intelligence reads, to be run from the log like the others. */
    public List<Projection> projections() {
        return List.of(usage, listingTexts);
    }

    /** Deploys the nlp verticle when it runs in this process; completes at once otherwise. */
    public Future<String> deploy(Vertx vertx) {
        if (config.mode() != MercatorConfig.NlpMode.EMBEDDED) {
            return Future.succeededFuture("");
        }
        this.vertx = vertx;
        return NlpVerticle.deploy(vertx, engine, config.workers()).onSuccess(id -> deployment = id);
    }

    /** Stops the embedded nlp verticle, as a crashed text service would stop (for tests and drills). */
    public Future<Void> stopTextService() {
        String id = deployment;
        deployment = null;
        return id == null ? Future.succeededFuture() : vertx.undeploy(id);
    }

    /** Starts the embedded nlp verticle again after {@link #stopTextService()}. */
    public Future<String> restartTextService() {
        return deploy(vertx);
    }

    /**
     * Loads the production text models of the data directory, or trains and registers the first
     * version from the public data sets. Without a model and without the data sets, text analysis
     * answers 503 with the reason: it never scores without a model.
     */
    public void loadOrTrainModels() {
        if (config.mode() != MercatorConfig.NlpMode.EMBEDDED) {
            return; // a remote deployment loads its own
        }
        engine.load(TextModelBoot.loadOrTrain(dataDir, Path.of(config.trainingData()), engine));
    }

    /** Starts the listing flow's screening, once {@code live} says the projections caught up. */
    public void startScreening(Vertx vertx, BooleanSupplier live) {
        if (config.screening().enabled() && config.mode() != MercatorConfig.NlpMode.OFF) {
            screener.start(vertx, config.screening().intervalMs(), live);
        }
    }

    /**
     * Whether screening has nothing left to write by itself: it is off, every listing's current
     * text is analysed, or (an embedded text service without a model) every waiting text is marked
     * deferred. Until then it appends events, so the state of the projections still moves.
     */
    public boolean screeningQuiet() {
        if (!config.screening().enabled() || config.mode() == MercatorConfig.NlpMode.OFF) {
            return true;
        }
        if (config.mode() == MercatorConfig.NlpMode.EMBEDDED && !engine.ready()) {
            return listingTexts.waitingUndeferredCount() == 0;
        }
        return listingTexts.waitingCount() == 0;
    }

    /** The text routes; with text analysis off by configuration, 404s that say so ({@code FeatureOff}). */
    public void mount(Router router) {
        if (config.mode() == MercatorConfig.NlpMode.OFF) {
            io.mercator.service.http.FeatureOff.mount(router, List.of("/analyze-text", "/auto-reply"),
                    "text analysis is off on this instance (nlp.mode: off)");
            return;
        }
        new TextHttpApi(analysis, this::facts).mount(router);
    }

    private ListingFacts facts(String listingId) {
        return catalog.listing(listingId).filter(l -> l.shown())
                .map(l -> new ListingFacts(l.title(), l.price(), l.stock(), l.province(), l.condition()))
                .orElse(null);
    }

    /**
     * The text models' release controls: here where the text engine runs in this process; in remote
     * mode those of the {@code mercator nlp} deployment, called with this service's admin key
     * ({@link io.mercator.release.RemoteModelRelease}); none when text analysis is off.
     */
    public java.util.Optional<io.mercator.release.ModelRelease> release(io.mercator.release.ShadowRunner runner,
                                                                       io.mercator.release.ReleaseEvents events,
                                                                       Clock clock) {
        return switch (config.mode()) {
            case EMBEDDED -> java.util.Optional.of(io.mercator.nlp.service.TextRelease.control(engine,
                    new io.mercator.nlp.model.TextModelStore(dataDir), runner, events, clock));
            case REMOTE -> java.util.Optional.of(new io.mercator.release.RemoteModelRelease("text", config.url(),
                    "the text deployment (mercator nlp)", () -> adminKey, REMOTE_RELEASE_TIMEOUT));
            case OFF -> java.util.Optional.empty();
        };
    }

    public TextEngine engine() {
        return engine;
    }

    public TextAnalysis analysis() {
        return analysis;
    }

    public ListingTexts listingTexts() {
        return listingTexts;
    }

    /** Text analysis switched off: every call answers that it is down. */
    private static final class Off implements TextAnalysis {
        @Override
        public Future<List<io.mercator.nlp.TextReport>> analyze(List<io.mercator.nlp.TextInput> texts) {
            return Future.failedFuture(new Down("text analysis is off (nlp.mode: off)"));
        }

        @Override
        public Future<io.mercator.nlp.reply.AutoReply.Replies> suggest(String message, String listingId, ListingFacts facts) {
            return Future.failedFuture(new Down("text analysis is off (nlp.mode: off)"));
        }
    }

}
