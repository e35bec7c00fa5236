package io.mercator.service.vision;

import io.mercator.events.Event;
import io.mercator.events.log.EventLog;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.events.projection.Projection;
import io.mercator.service.config.MercatorConfig;
import io.mercator.vision.ImageAnalyzer;
import io.mercator.vision.VisionTraining;
import io.mercator.vision.category.CategoryHeadStore;
import io.mercator.vision.duplicates.NearDuplicateIndex;
import io.mercator.vision.duplicates.PhotoFingerprint;
import io.mercator.vision.duplicates.PhotoIndexProjection;
import io.mercator.vision.image.ImageDecoder;
import io.mercator.vision.model.ImageBackbone;
import io.mercator.vision.quality.PhotoQualityMeter;
import io.mercator.vision.safety.ImageSafetyPolicy;
import io.mercator.vision.service.EventBusImageAnalysis;
import io.mercator.vision.service.ImageAnalysis;
import io.mercator.vision.service.ImageJson;
import io.mercator.vision.service.VisionEngine;
import io.mercator.vision.service.VisionHttpApi;
import io.mercator.vision.service.VisionVerticle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Wires image intelligence into the service: the vision engine and its verticle, the HTTP route,
 * the near-duplicate index (a projection of {@code listing.photo_analyzed}), and the models: the
 * backbone from the npm package scripts/models.sh installed, the category head from the registry
 * or trained at first start, in the background (until then {@code /analyze-image} answers 503 with
 * the reason). Wiring only.
 *
 * <p>A photo analysed for a listing ({@code listing_id}) is recorded as {@code listing.photo_analyzed}
 * (hashes, quantised embedding, category, safety; never the photo), with an id made of the listing
 * and the photo's hash, so a retried upload is recorded once. An unsafe photo, or one that matches
 * another seller's, also opens a moderation item.
 */
public final class VisionStack {

    private static final Logger LOG = LoggerFactory.getLogger(VisionStack.class);

    private final MercatorConfig.Vision config;
    private final Path dataDir;
    private final EventLog log;
    private final MeterRegistry meters;
    private final VisionEngine engine;
    private final ImageAnalysis analysis;
    private final PhotoIndexProjection photos;
    private final ImageSafetyPolicy policy;

    public VisionStack(Vertx vertx, MeterRegistry meters, MercatorConfig config, EventLog log) {
        this.config = config.vision();
        this.dataDir = config.dataPath();
        this.log = log;
        this.meters = meters;
        this.engine = new VisionEngine(meters);
        this.analysis = new EventBusImageAnalysis(vertx, this.config.timeoutMs());
        this.photos = new PhotoIndexProjection(new NearDuplicateIndex(
                new NearDuplicateIndex.Rule(this.config.maxHashDistance(), this.config.minCosine())));
        this.policy = new ImageSafetyPolicy(this.config.nsfwAt(), this.config.explicitAt(), this.config.suggestiveAt(),
                this.config.moderateBelow());
        if (!this.config.enabled()) {
            engine.notLoaded("image analysis is off (vision.enabled: false)");
        }
    }

    public List<Projection> projections() {
        return List.of(photos);
    }

    public Future<String> deploy(Vertx vertx) {
        return config.enabled() ? VisionVerticle.deploy(vertx, engine, config.workers()) : Future.succeededFuture("");
    }

    /**
     * Loads the backbone and the production category head, or trains and registers a head first.
     * Blocking, for a worker; failures leave the engine answering 503 with the reason.
     */
    public void loadOrTrainModels() {
        if (!config.enabled()) {
            return;
        }
        try {
            ImageBackbone backbone = ImageBackbone.load(Path.of(config.modelsDir()));
            CategoryHeadStore store = new CategoryHeadStore(dataDir);
            CategoryHeadStore.Registered head = store.production().orElse(null);
            if (head == null) {
                engine.notLoaded("the category head is being trained (first start), from " + config.clothingData());
                LOG.info("training the image category head", kv("photos_per_class", config.trainPerClass()));
                VisionTraining.Result trained = VisionTraining.train(backbone, Path.of(config.clothingData()), config.trainPerClass(),
                        Clock.systemUTC());
                VisionTraining.register(dataDir, trained);
                head = store.production().orElseThrow();
                LOG.info("image category head registered", kv("version", trained.version()),
                        kv("validation_accuracy", trained.validationAccuracy()));
            }
            engine.load(new ImageAnalyzer(new ImageDecoder(), new PhotoQualityMeter(), backbone, head.head(), head.version(), policy));
        } catch (Exception e) {
            engine.notLoaded("image models could not be loaded: " + e.getMessage());
            LOG.warn("image analysis has no model", kv("reason", String.valueOf(e.getMessage())));
        }
    }

    public void mount(Router router) {
        new VisionHttpApi(analysis, this::afterAnalysis).mount(router);
    }

    /** Near-duplicates from the index; for a listing's photo, the events that record it. */
    private Future<JsonObject> afterAnalysis(JsonObject report, VisionHttpApi.Ids ids) {
        PhotoFingerprint fingerprint = ImageJson.fingerprint(report.getJsonObject("fingerprint"));
        List<NearDuplicateIndex.Match> matches = photos.index().near(fingerprint, ids.listingId(), ids.sellerId(), 10);
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

    public VisionEngine engine() {
        return engine;
    }

    public PhotoIndexProjection photos() {
        return photos;
    }
}
