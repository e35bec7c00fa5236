package io.mercator.learning.lifecycle;

import io.mercator.events.log.EventLog;
import io.mercator.learning.ClickModels;
import io.mercator.learning.TrainedModels;
import io.mercator.learning.ModelTrainer;
import io.mercator.learning.TrainingSet;
import io.mercator.learning.registry.CandidateTraining;
import io.mercator.learning.registry.FeatureBins;
import io.mercator.learning.registry.FileModelRegistry;
import io.mercator.learning.registry.ModelCard;
import io.mercator.learning.registry.RegisteredModel;
import io.mercator.learning.registry.RetrainingTrigger;
import io.mercator.release.ReleaseEvents;
import io.mercator.events.payload.ModelPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps what the ranker serves in step with the registry and runs the learning loop's decisions:
 * boot (load production and staging, or adopt or train the first model), promote, roll back,
 * abort the canary, judge the canary's CTR and roll it back automatically, and retrain when the
 * {@link RetrainingTrigger} says so. Every method blocks (files, LightGBM): call them on a worker.
 *
 * <p>Retired boosters are closed one grace period after they stop being served, so a request that
 * picked them up just before a swap still finishes its prediction.
 */
public final class ModelLifecycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelLifecycle.class);
    private static final long RETIRE_GRACE_MS = 30_000;

    private final FileModelRegistry registry;
    private final CandidateTraining training;
    private final CanaryRouter router;
    private final InteractionMonitor monitor;
    private final CanaryJudge judge;
    private final RetrainingTrigger trigger;
    private final long cooldownMillis;
    private final Clock clock;

    private final Map<String, TrainedModels> loaded = new HashMap<>();
    /** Versions a release keeps loaded though they do not serve (blue-green's standby, a shadow). */
    private final java.util.Set<String> pinned = new java.util.HashSet<>();
    private volatile ReleaseEvents releaseEvents;
    private final List<Retired> retired = new ArrayList<>();
    private final AtomicBoolean trainingNow = new AtomicBoolean();
    /** Production's counts when the current canary started: the comparison uses what came after. */
    private String canaryVersion;
    private ModelTraffic.Counts productionAtCanaryStart = ModelTraffic.Counts.ZERO;
    private volatile Map<String, Double> lastPsi = Map.of();
    private volatile Map<String, FeatureBins.Drift> lastKs = Map.of();
    private final java.util.concurrent.atomic.AtomicLong canaryRollbacks = new java.util.concurrent.atomic.AtomicLong();
    private volatile long lastTrainingAttempt = Long.MIN_VALUE;

    private record Retired(TrainedModels models, long atMillis) {
    }

    public ModelLifecycle(FileModelRegistry registry, CandidateTraining training, CanaryRouter router,
                          InteractionMonitor monitor, CanaryJudge judge, RetrainingTrigger trigger, long cooldownMillis,
                          Clock clock) {
        this.registry = registry;
        this.training = training;
        this.router = router;
        this.monitor = monitor;
        this.judge = judge;
        this.trigger = trigger;
        this.cooldownMillis = cooldownMillis;
        this.clock = clock;
    }

    /**
     * Gives the service its models at start: the registry's production and staging; or the newest
     * version saved before the registry existed, adopted as production; or a first model trained
     * from the log and registered through the gate. Empty when the log has no impressions yet.
     */
    public Optional<ClickModels> boot(EventLog log) {
        if (registry.production().isEmpty() && registry.adoptLatestIfEmpty("boot").isEmpty()) {
            TrainingSet set = TrainingReplay.of(log);
            if (set.size() == 0) {
                LOG.warn("no impressions in the log: no ranking model; /feed and /search rank by popularity");
                return Optional.empty();
            }
            CandidateTraining.Outcome o = training.run(set, "boot", "no production model at start", Optional.empty());
            LOG.atInfo().addKeyValue("model_version", o.registered().version())
                    .addKeyValue("stage", o.registered().stage().wireName())
                    .addKeyValue("rows", set.size()).log("first ranking model trained");
        }
        refreshServing();
        return Optional.ofNullable(router.serving().production());
    }

    /** Loads what the registry says should serve and swaps it in. */
    public synchronized void refreshServing() {
        Optional<RegisteredModel> production = registry.production();
        Optional<RegisteredModel> staging = registry.staging();
        ClickModels prod = production.map(m -> ensureLoaded(m.version())).orElse(null);
        ClickModels canary = staging.map(m -> ensureLoaded(m.version())).orElse(null);
        String newCanary = canary == null ? null : canary.version();
        if (newCanary != null && !newCanary.equals(canaryVersion) && prod != null) {
            productionAtCanaryStart = monitor.traffic().of(prod.version());
        }
        canaryVersion = newCanary;
        router.serve(new CanaryRouter.Serving(prod, canary));
        long now = clock.millis();
        for (var it = loaded.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if ((prod == null || !e.getKey().equals(prod.version())) && (canary == null || !e.getKey().equals(newCanary))
                    && !pinned.contains(e.getKey())) {
                retired.add(new Retired(e.getValue(), now));
                it.remove();
            }
        }
        retired.removeIf(r -> {
            if (now - r.atMillis() >= RETIRE_GRACE_MS) {
                r.models().close();
                return true;
            }
            return false;
        });
        LOG.atInfo().addKeyValue("production", prod == null ? null : prod.version()).addKeyValue("canary", newCanary)
                .addKeyValue("canary_percent", router.assignment().percent()).log("models serving");
    }

    private ClickModels ensureLoaded(String version) {
        TrainedModels models = loaded.get(version);
        if (models == null) {
            // a rollback right after a promotion brings back boosters still in their grace period
            Optional<Retired> back = retired.stream().filter(r -> r.models().models().version().equals(version)).findFirst();
            back.ifPresent(retired::remove);
            models = back.map(Retired::models).orElseGet(() -> registry.load(version));
            loaded.put(version, models);
        }
        return models.models();
    }

    public RegisteredModel promote(String version, String actor, String reason) {
        String before = productionVersion();
        RegisteredModel m = registry.promote(version, actor, reason);
        refreshServing();
        recordRelease("promoted", before, version, actor, reason);
        return m;
    }

    public RegisteredModel rollback(String actor, String reason) {
        String before = productionVersion();
        RegisteredModel m = registry.rollback(actor, reason);
        refreshServing();
        recordRelease("rolled_back", before, m.version(), actor, reason);
        return m;
    }

    public RegisteredModel abortCanary(String actor, String reason) {
        RegisteredModel staging = registry.staging()
                .orElseThrow(() -> new IllegalStateException("no canary is running"));
        RegisteredModel m = registry.abortCanary(staging.version(), actor, reason);
        refreshServing();
        recordRelease("canary_aborted", productionVersion(), staging.version(), actor, reason);
        return m;
    }

    /**
     * Blue-green: makes a registered version production at once. Instant when it was {@link #pin pinned}
     * (loaded beforehand); the previous production stays loaded while it is pinned, for the way back.
     */
    public synchronized RegisteredModel switchProduction(String version, String actor, String reason) {
        RegisteredModel m = registry.switchTo(version, actor, reason);
        refreshServing();
        return m;
    }

    /** Loads a registered version (when not loaded) and keeps it loaded until {@link #unpinAll()}. */
    public synchronized ClickModels pin(String version) {
        if (registry.find(version).isEmpty()) {
            throw new IllegalArgumentException("model " + version + " is not registered");
        }
        ClickModels m = ensureLoaded(version);
        pinned.add(version);
        return m;
    }

    /** A release no longer needs its versions: what does not serve is retired. */
    public synchronized void unpinAll() {
        pinned.clear();
        refreshServing();
    }

    /** The production version now, or null. */
    public String productionVersion() {
        ClickModels p = router.serving().production();
        return p == null ? null : p.version();
    }

    /** From now on, the canary's transitions (started, promoted, rolled back, aborted) are written to the log too. */
    public void recordReleasesIn(ReleaseEvents events) {
        this.releaseEvents = events;
    }

    /**
     * The registry's history is the source of truth for these transitions; the event follows it, and a
     * log that cannot take it is logged, not a reason to undo the registry's change.
     */
    private void recordRelease(String action, String champion, String candidate, String actor, String reason) {
        ReleaseEvents events = releaseEvents;
        if (events == null) {
            return;
        }
        String mode = "canary_started".equals(action) ? "canary" : "none";
        try {
            events.changed("ranker", new ModelPayload.ReleaseChanged(action, mode, champion, candidate,
                    productionVersion(), actor, reason));
        } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("action", action).log("ranker release event not written: " + e.getMessage());
        }
    }

    /** The canary's figures and the judge's verdict now. */
    public synchronized CanaryStatus canaryStatus() {
        CanaryRouter.Serving s = router.serving();
        String prod = s.production() == null ? null : s.production().version();
        String canary = s.canary() == null ? null : s.canary().version();
        ModelTraffic.Counts prodAll = prod == null ? ModelTraffic.Counts.ZERO : monitor.traffic().of(prod);
        if (canary == null) {
            return new CanaryStatus(prod, null, router.assignment().percent(), prodAll, ModelTraffic.Counts.ZERO, null);
        }
        ModelTraffic.Counts prodSince = prodAll.minus(productionAtCanaryStart);
        ModelTraffic.Counts canaryCounts = monitor.traffic().of(canary);
        return new CanaryStatus(prod, canary, router.assignment().percent(), prodSince, canaryCounts,
                judge.judge(canaryCounts, prodSince));
    }

    /** Rolls the canary back when the judge says its CTR is significantly worse; returns the status judged. */
    public CanaryStatus checkCanary() {
        CanaryStatus status = canaryStatus();
        if (status.verdict() instanceof CanaryJudge.Verdict.RollBack r) {
            String reason = String.format(java.util.Locale.ROOT,
                    "canary CTR %.4f (%d/%d) significantly below production %.4f (%d/%d): one-sided two-proportion "
                            + "z-test z=%.3f p=%.5f < alpha=%s",
                    status.canaryTraffic().ctr(), status.canaryTraffic().clicks(), status.canaryTraffic().impressions(),
                    status.productionTraffic().ctr(), status.productionTraffic().clicks(),
                    status.productionTraffic().impressions(), r.z(), r.pValue(), judge.significance());
            LOG.atWarn().addKeyValue("model_version", status.canary()).addKeyValue("z", r.z())
                    .addKeyValue("p", r.pValue()).log("canary rolled back");
            abortCanary("canary-monitor", reason);
            canaryRollbacks.incrementAndGet();
        }
        return status;
    }

    /**
     * PSI per feature of the recent serving rows against production's training distribution; the
     * KS figures ({@link #lastKs()}) are refreshed with it, for the metrics. The retraining
     * trigger decides on PSI.
     */
    public Map<String, Double> psi() {
        Optional<FeatureBins> bins = registry.production().map(RegisteredModel::card).map(ModelCard::featureBins);
        ServedFeatureWindow window = monitor.served();
        Map<String, Double> out = new LinkedHashMap<>();
        if (bins.isPresent() && bins.get().names().equals(window.names())) {
            out = bins.get().psi(window.rows());
        }
        lastPsi = Map.copyOf(out);
        ks();
        return out;
    }

    /**
     * Two-sample Kolmogorov-Smirnov per numeric feature of the recent serving rows against
     * production's training sketch (empty for a model whose card has none).
     */
    public Map<String, FeatureBins.Drift> ks() {
        Optional<FeatureBins> bins = registry.production().map(RegisteredModel::card).map(ModelCard::featureBins);
        ServedFeatureWindow window = monitor.served();
        Map<String, FeatureBins.Drift> out = new LinkedHashMap<>();
        if (bins.isPresent() && bins.get().names().equals(window.names())) {
            out = bins.get().ks(window.rows());
        }
        lastKs = Map.copyOf(out);
        return out;
    }

    /** The KS figures of the last {@link #ks()} call, for the metrics. */
    public Map<String, FeatureBins.Drift> lastKs() {
        return lastKs;
    }

    /** Canaries the monitor rolled back since this instance started, for the metrics. */
    public long canaryRollbacks() {
        return canaryRollbacks.get();
    }

    /** The PSI figures of the last {@link #psi()} call, for the metrics. */
    public Map<String, Double> lastPsi() {
        return lastPsi;
    }

    /** The trigger's decision now (the newest training's data end counts as "the last training"). */
    public RetrainingTrigger.Decision retrainingDecision() {
        long since = registry.list().stream().map(RegisteredModel::card)
                .mapToLong(c -> c.evaluation() != null ? c.evaluation().untilMillis() : c.windowEndMillis())
                .max().orElse(Long.MIN_VALUE);
        return trigger.decide(monitor.interactionsSince(since), psi(), monitor.served().size());
    }

    /**
     * Trains when the trigger says so and the cooldown since the last attempt has passed (a drift the
     * new model cannot fix must not retrain in a loop). Returns the outcome, or empty when nothing ran.
     */
    public Optional<CandidateTraining.Outcome> maybeRetrain(EventLog log) {
        RetrainingTrigger.Decision d = retrainingDecision();
        if (d instanceof RetrainingTrigger.Decision.Wait) {
            return Optional.empty();
        }
        if (lastTrainingAttempt != Long.MIN_VALUE && clock.millis() - lastTrainingAttempt < cooldownMillis) {
            return Optional.empty();
        }
        return retrain(log, "retraining", d.toString());
    }

    /** Trains a candidate from the whole log and registers it through the gate; empty when one is already training. */
    public Optional<CandidateTraining.Outcome> retrain(EventLog log, String actor, String why) {
        if (!trainingNow.compareAndSet(false, true)) {
            return Optional.empty();
        }
        try {
            lastTrainingAttempt = clock.millis();
            TrainingSet set = TrainingReplay.of(log);
            Optional<ClickModels> production = Optional.ofNullable(router.serving().production());
            CandidateTraining.Outcome o = training.run(set, actor, why, production);
            LOG.atInfo().addKeyValue("model_version", o.registered().version())
                    .addKeyValue("stage", o.registered().stage().wireName())
                    .addKeyValue("trigger", why).log("candidate model trained");
            refreshServing();
            recordCanaryStart(o, actor);
            return Optional.of(o);
        } finally {
            trainingNow.set(false);
        }
    }

    /**
     * Trains a candidate on a training set built by the caller ({@code mercator train}), with its own
     * trainer, through the same gate and registry as retraining: staged when it beats production,
     * archived when not, production when there is none. Blocking.
     */
    public CandidateTraining.Outcome trainOn(TrainingSet set, ModelTrainer trainer, ModelTrainer.Listener progress,
                                             String actor, String why) {
        refreshServing();
        Optional<ClickModels> production = Optional.ofNullable(router.serving().production());
        CandidateTraining.Outcome o = training.run(set, actor, why, production, trainer, progress);
        refreshServing();
        recordCanaryStart(o, actor);
        return o;
    }

    private void recordCanaryStart(CandidateTraining.Outcome o, String actor) {
        if (o.registered().stage() == io.mercator.learning.registry.Stage.STAGING) {
            recordRelease("canary_started", productionVersion(), o.registered().version(), actor,
                    o.decision().reason());
        }
    }

    public FileModelRegistry registry() {
        return registry;
    }

    public CanaryRouter router() {
        return router;
    }

    public InteractionMonitor monitor() {
        return monitor;
    }

    @Override
    public synchronized void close() {
        router.serve(CanaryRouter.Serving.NONE);
        loaded.values().forEach(TrainedModels::close);
        loaded.clear();
        retired.forEach(r -> r.models().close());
        retired.clear();
    }
}
