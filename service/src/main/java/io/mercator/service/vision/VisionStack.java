package io.mercator.service.vision;

import io.mercator.events.Event;
import io.mercator.events.log.EventLog;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.events.projection.Projection;
import io.mercator.service.config.MercatorConfig;
import io.mercator.vision.duplicates.NearDuplicateIndex;
import io.mercator.vision.duplicates.PhotoFingerprint;
import io.mercator.vision.duplicates.PhotoIndexProjection;
import io.mercator.vision.service.EventBusImageAnalysis;
import io.mercator.vision.service.GuardedImageAnalysis;
import io.mercator.vision.service.HttpImageAnalysis;
import io.mercator.vision.service.ImageAnalysis;
import io.mercator.vision.service.ImageJson;
import io.mercator.vision.service.VisionEngine;
import io.mercator.vision.service.VisionHttpApi;
import io.mercator.vision.service.VisionVerticle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Wires image intelligence into the service: the HTTP routes ({@code /analyze-image},
 * {@code /ekyc-match}, whose checks {@link KycRecorder} records), the near-duplicate index (a
 * projection of {@code listing.photo_analyzed}), and the analysis behind a circuit breaker, either
 * in this process (the vision verticle, and its models loaded or trained at first start in the
 * background: until then {@code /analyze-image} answers 503 with the reason) or in a
 * {@code mercator vision} deployment over HTTP ({@code vision.mode: remote}). Wiring only.
 *
 * <p>A photo analysed for a listing ({@code listing_id}) is recorded as {@code listing.photo_analyzed}
 * (hashes, quantised embedding, category, safety; never the photo), with an id made of the listing
 * and the photo's hash, so a retried upload is recorded once. An unsafe photo, or one that matches
 * another seller's, also opens a moderation item.
 */
public final class VisionStack {

    private final MercatorConfig.Vision config;
    private final Path dataDir;
    private final String adminKey;
    private final EventLog log;
    private final MeterRegistry meters;
    private final VisionEngine engine;
    private final ImageAnalysis analysis;
    private final PhotoIndexProjection photos;
    private final KycRecorder kyc;
    /** Where near-duplicate searches run (a scan of the whole index): a worker, never the event loop. */
    private final Vertx vertx;
    private final Timer searchTime;

    public VisionStack(Vertx vertx, MeterRegistry meters, MercatorConfig config, EventLog log) {
        this.config = config.vision();
        this.dataDir = config.dataPath();
        this.adminKey = config.admin().apiKey();
        this.log = log;
        this.meters = meters;
        this.engine = new VisionEngine(meters);
        ImageAnalysis raw = this.config.mode() == MercatorConfig.VisionMode.REMOTE
                ? new HttpImageAnalysis(vertx, this.config.url(), this.config.timeoutMs())
                : new EventBusImageAnalysis(vertx, this.config.timeoutMs());
        this.analysis = new GuardedImageAnalysis(raw, meters, Duration.ofSeconds(this.config.breakerOpenSeconds()));
        this.photos = new PhotoIndexProjection(new NearDuplicateIndex(
                new NearDuplicateIndex.Rule(this.config.maxHashDistance(), this.config.minCosine())));
        this.vertx = vertx;
        this.searchTime = Timer.builder("mercator.vision.stage").tag("stage", "near_duplicates")
                .description(VisionEngine.STAGE_DESCRIPTION)
                .publishPercentileHistogram().register(meters);
        String saltFile = this.config.ekyc().saltFile();
        this.kyc = new KycRecorder(log, KycRecorder.salt(saltFile == null || saltFile.isBlank()
                ? dataDir.resolve("secrets").resolve("kyc-salt") : Path.of(saltFile)));
        if (!this.config.enabled()) {
            engine.notLoaded("image analysis is off (vision.enabled: false)");
            engine.facesNotLoaded("image analysis is off (vision.enabled: false)");
        }
    }

    public List<Projection> projections() {
        return List.of(photos);
    }

    /** Whether the vision verticle and its models live in this process. */
    private boolean embedded() {
        return config.enabled() && config.mode() == MercatorConfig.VisionMode.EMBEDDED;
    }

    /** Deploys the vision verticle when it runs in this process; completes at once otherwise. */
    public Future<String> deploy(Vertx vertx) {
        return embedded() ? VisionVerticle.deploy(vertx, engine, config.workers(), config.workerNiceness()) : Future.succeededFuture("");
    }

    /**
     * Loads the backbone and the production category head, or trains and registers a head first
     * (in this process only: a remote deployment loads its own). Blocking, for a worker.
     */
    public void loadOrTrainModels() {
        if (embedded()) {
            VisionModelBoot.loadOrTrain(config, dataDir, engine);
        }
    }

    /** The image routes; with image analysis off by configuration, 404s that say so ({@code FeatureOff}). */
    public void mount(Router router) {
        if (!config.enabled()) {
            io.mercator.service.http.FeatureOff.mount(router, List.of("/analyze-image", "/ekyc-match"),
                    "image analysis is off on this instance (vision.enabled: false)");
            return;
        }
        new VisionHttpApi(analysis, this::afterAnalysis).afterFaceMatch(kyc::record).mount(router);
    }

    /** Near-duplicates from the index; for a listing's photo, the events that record it. */
    private Future<JsonObject> afterAnalysis(JsonObject report, VisionHttpApi.Ids ids) {
        PhotoFingerprint fingerprint = ImageJson.fingerprint(report.getJsonObject("fingerprint"));
        return vertx.executeBlocking(() -> {
            long start = System.nanoTime();
            List<NearDuplicateIndex.Match> matches = photos.index().near(fingerprint, ids.listingId(), ids.sellerId(), 10);
            searchTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return matches;
        }, false).compose(matches -> recorded(report, ids, fingerprint, matches));
    }

    private Future<JsonObject> recorded(JsonObject report, VisionHttpApi.Ids ids, PhotoFingerprint fingerprint,
                                        List<NearDuplicateIndex.Match> matches) {
        JsonArray near = new JsonArray();
        List<String> otherSellers = new ArrayList<>();
        for (NearDuplicateIndex.Match m : matches) {
            near.add(new JsonObject().put("listing_id", m.listingId()).put("seller_id", m.sellerId())
                    .put("similarity", Math.round(m.similarity() * 1e4) / 1e4).put("same_seller", m.sameSeller()));
            if (!m.sameSeller()) {
                otherSellers.add(m.listingId());
            }
        }
        report.put("near_duplicates", near);
        if (!matches.isEmpty()) {
            Counter.builder("mercator.vision.near_duplicates").tag("same_seller", Boolean.toString(otherSellers.isEmpty()))
                    .register(meters).increment();
        }
        if (ids.listingId() == null) {
            return Future.succeededFuture(report);
        }
        return log.append(events(report, ids, fingerprint, otherSellers)).map(ack -> report);
    }

    private List<Event> events(JsonObject report, VisionHttpApi.Ids ids, PhotoFingerprint fingerprint, List<String> otherSellers) {
        String photoId = report.getString("photo_id");
        long now = System.currentTimeMillis();
        JsonObject category = report.getJsonObject("category");
        JsonObject safety = report.getJsonObject("safety");
        List<String> flags = report.getJsonArray("safety_flags").stream().map(Object::toString).toList();
        JsonObject fp = report.getJsonObject("fingerprint");
        List<String> hashes = fp.getJsonArray("hashes").stream().map(Object::toString).toList();
        double safe = safety.getDouble("score");
        List<Event> events = new ArrayList<>(2);
        events.add(Event.of("photo-analyzed-" + ids.listingId() + "-" + photoId, now, ids.listingId(),
                new ListingPayload.PhotoAnalyzed(photoId, ids.sellerId(), hashes, fp.getString("embedding"), category.getString("label"),
                        category.getDouble("score"), safety.getDouble("nsfw"), flags, safe, otherSellers, report.getString("model_version"))));
        if (safe < config.moderateBelow() || !otherSellers.isEmpty()) {
            String reason = safe < config.moderateBelow() ? "photo safety score " + Math.round(safe * 100) / 100.0 + " " + flags
                    : "photo matches another seller's listing " + otherSellers.getFirst();
            events.add(Event.of("photo-flag-" + ids.listingId() + "-" + photoId, now, ids.listingId(),
                    new ModerationPayload.Flagged(reason, Math.max(1 - safe, otherSellers.isEmpty() ? 0 : 0.8), "image-analysis",
                            safe < config.moderateBelow() ? "image_safety" : "photo_reuse",
                            Map.of("photo_id", photoId, "safety_flags", flags, "duplicate_of", otherSellers,
                                    "model_version", report.getString("model_version")))));
        }
        return events;
    }

    /**
     * The image models' release controls: here where image analysis runs in this process; with
     * {@code vision.mode: remote} those of the {@code mercator vision} deployment, called with this
     * service's admin key ({@link io.mercator.release.RemoteModelRelease}); none when it is off.
     */
    public java.util.Optional<io.mercator.release.ModelRelease> release(io.mercator.release.ShadowRunner runner,
                                                                       io.mercator.release.ReleaseEvents events,
                                                                       java.time.Clock clock) {
        if (!config.enabled()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(embedded() ? io.mercator.vision.service.ImageRelease.control(engine,
                new io.mercator.vision.category.CategoryHeadStore(dataDir), runner, events, clock)
                : new io.mercator.release.RemoteModelRelease("image", config.url(), "the image deployment (mercator vision)",
                () -> adminKey, io.mercator.service.text.TextStack.REMOTE_RELEASE_TIMEOUT));
    }

    public VisionEngine engine() {
        return engine;
    }

    public PhotoIndexProjection photos() {
        return photos;
    }
}
