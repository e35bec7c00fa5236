package io.mercator.fraud.loop;

import io.mercator.events.Event;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.fraud.SeededDraw;
import io.mercator.fraud.anomaly.IsolationForest;
import io.mercator.fraud.features.FraudCase;
import io.mercator.fraud.features.FraudFeatures;
import io.mercator.fraud.features.FraudFeatureProjection;
import io.mercator.fraud.gate.Audit;
import io.mercator.fraud.gate.LabelValue;
import io.mercator.fraud.gate.PrecisionGate;
import io.mercator.fraud.supervised.FraudModel;
import io.mercator.fraud.supervised.FraudTrainer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fraud loop as the service runs it, on a worker every few seconds ({@link #refresh}): trains
 * the isolation forest once there are listings, retrains with the moderators' decisions after every
 * {@code retrainEvery} new ones (the supervised model once both kinds are there) or when the
 * listings have doubled since the forest was grown, scores the
 * listings whose case changed (all of them after a retraining), and says what to write to the log:
 *
 * <ul>
 *   <li>a listing the precision gate lets the model remove alone: a {@code moderation.decided}
 *       (remove) by {@code fraud-model:<version>}, which the catalog applies like a moderator's; and,
 *       for a random {@code auditShare} of them, a flag asking a moderator to check it (an approval
 *       puts the listing back, and the answer is audit evidence);</li>
 *   <li>a listing the model would remove but the audit does not yet assure: a flag from
 *       {@link FraudLabels#AUDIT_SOURCE}, so moderators' answers become the audit;</li>
 *   <li>a listing to review: a flag from {@code fraud-model} with the probability and the features
 *       that moved it most (SHAP values, or the forest's path shares).</li>
 * </ul>
 *
 * Event ids name the model version, the action and the listing, so two instances running the loop
 * on the same log write the same events, which readers de-duplicate. Everything it knows is a
 * projection of the log: after a restart it learns the same model again from the same decisions.
 */
public final class FraudLoop {

    public static final String REVIEW_SOURCE = "fraud-model";

    /**
     * @param retrainEvery new moderator decisions between retrainings
     * @param minCases     listings needed before the first forest
     * @param gate         the precision gate
     * @param labelNoise   moderators' error rate from quality audits
     * @param auditShare   share of automatic removals sent to a moderator to check
     * @param seed         seed of the models and the audit sample
     */
    public record Settings(int retrainEvery, int minCases, PrecisionGate gate, double labelNoise, double auditShare,
                           long seed) {
        public Settings {
            if (retrainEvery < 1 || minCases < 2) {
                throw new IllegalArgumentException("retrainEvery must be positive and minCases at least 2");
            }
            if (!(auditShare >= 0 && auditShare <= 1)) {
                throw new IllegalArgumentException("auditShare must be in [0,1]");
            }
        }

        public static Settings defaults() {
            return new Settings(200, 200, PrecisionGate.defaults(), 0.05, 0.05, 20261207L);
        }
    }

    /**
     * What the model says about one listing.
     *
     * @param modelVersion the model that scored it
     * @param anomaly      the forest's score
     * @param score        the model's own score (the anomaly score, or the classifier's raw probability)
     * @param probability  calibrated probability of fraud; NaN before any calibration
     * @param action       what the gate does with it
     */
    public record Decision(String modelVersion, double anomaly, double score, double probability,
                           PrecisionGate.Action action) {
    }

    /**
     * The loop at a glance (the admin API's {@code GET /admin/fraud}).
     *
     * @param model        version, kind, labels and calibration of the model in use; null before the first
     * @param labels       moderator decisions on fraud so far
     * @param removals     of those, removals
     * @param audit        the audit evidence for the model's automatic removals
     * @param gateOpen     whether the model removes listings alone
     * @param actions      listings per action, over every scored listing
     * @param untilRetrain new decisions still needed before the next retraining
     */
    public record Status(ModelCard model, int labels, int removals, Audit audit, boolean gateOpen,
                         Map<String, Integer> actions, long untilRetrain) {
    }

    /**
     * The model's card.
     *
     * @param version           {@code fraud-<kind>-<labels>-<n>}
     * @param kind              anomaly or supervised
     * @param labels            decisions it learnt from
     * @param removals          of those, removals
     * @param trainedAtMillis   when
     * @param listings          listings the forest was grown on
     * @param features          what it reads
     * @param calibrationBlocks steps of its calibration (0: not calibrated)
     */
    public record ModelCard(String version, String kind, int labels, int removals, long trainedAtMillis, int listings,
                            List<String> features, int calibrationBlocks) {
    }

    private final FraudFeatureProjection cases;
    private final FraudLabels labels;
    private final Settings settings;
    private final FraudTrainer trainer;
    private final FraudModelStore store;

    private volatile FraudModel model;
    private volatile ModelCard card;
    private volatile Audit audit = Audit.NONE;
    private long decisionsAtTraining = -1;
    private long decisionsAudited = -1;
    private int trainings;
    private final ConcurrentHashMap<String, Decision> decisions = new ConcurrentHashMap<>();
    /**
     * Per listing, the strongest thing written for it so far: 1 flagged for review, 2 flagged to
     * audit what the model would remove, 3 removed. Each is written once, and only upwards.
     */
    private final Map<String, Integer> written = new java.util.HashMap<>();
    /** The latest {@value #KEPT} versions (and any a release holds), for releases: a version and its card. */
    private final LinkedHashMap<String, Kept> kept = new LinkedHashMap<>();
    /** Versions a release holds loaded: the live one, blue, the candidate. */
    private final java.util.Set<String> pinned = new java.util.HashSet<>();
    /** While a release runs, a retrained model is kept as a version but does not replace the live one. */
    private boolean held;
    private boolean rescoreAll;
    private volatile Shadow shadow;

    /** Versions kept in memory for releases beyond those a release holds. */
    public static final int KEPT = 4;
    /** Listings per shadow event: the champion's riskiest. */
    public static final int SHADOW_LOGGED_ITEMS = 50;

    private record Kept(FraudModel model, ModelCard card) {
    }

    private record Shadow(FraudModel model, io.mercator.release.ShadowComparison comparison) {
    }

    public FraudLoop(FraudFeatureProjection cases, FraudLabels labels, Settings settings) {
        this(cases, labels, settings, null);
    }

    /** @param store where every trained version is registered with its card; null: kept in memory only */
    public FraudLoop(FraudFeatureProjection cases, FraudLabels labels, Settings settings, FraudModelStore store) {
        this.cases = cases;
        this.labels = labels;
        this.settings = settings;
        this.store = store;
        this.trainer = new FraudTrainer(settings.seed(), settings.labelNoise());
    }

    /**
     * Retrains when due, scores what changed and returns the events to write. Blocking (training
     * takes up to a few seconds): call it on a worker, one call at a time.
     */
    public synchronized List<Event> refresh(long nowMillis) {
        boolean retrained = retrainIfDue(nowMillis);
        FraudModel m = model;
        if (m == null) {
            return List.of();
        }
        // new decisions may be audits: the gate opens (or closes) on them without waiting for a retraining
        boolean wasOpen = settings.gate().open(audit);
        if (retrained || labels.decisions() != decisionsAudited) {
            audit = auditOf(m, labels.snapshot());
            decisionsAudited = labels.decisions();
        }
        Collection<FraudCase> toScore;
        if (retrained || rescoreAll || settings.gate().open(audit) != wasOpen) {
            rescoreAll = false;
            cases.drainChanged();
            toScore = cases.cases();
        } else {
            toScore = new ArrayList<>();
            for (String id : cases.drainChanged()) {
                cases.fraudCase(id).ifPresent(toScore::add);
            }
        }
        List<FraudCase> batch = List.copyOf(toScore);
        FraudModel.Scored[] scored = m.scoreAll(batch.stream().map(FraudCase::features).toArray(double[][]::new));
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < scored.length; i++) {
            FraudCase c = batch.get(i);
            PrecisionGate.Action action = settings.gate().decide(scored[i], audit);
            decisions.put(c.listingId(), new Decision(m.version(), scored[i].anomaly(), scored[i].score(),
                    scored[i].probability(), action));
            events(c, scored[i], action, m, nowMillis, out);
        }
        shadowScore(batch, scored, m, nowMillis, out);
        return out;
    }

    /**
     * The shadow candidate, if a release runs one, scores the same batch: compared with the live
     * model's risk, written as one {@code model.shadow_scored} event, never acted on. It runs on the
     * loop's worker, after the live model's decisions, so no request waits for it.
     */
    private void shadowScore(List<FraudCase> batch, FraudModel.Scored[] live, FraudModel m, long now, List<Event> out) {
        Shadow sh = shadow;
        if (sh == null || batch.isEmpty()) {
            return;
        }
        FraudModel.Scored[] candidate;
        try {
            candidate = sh.model().scoreAll(batch.stream().map(FraudCase::features).toArray(double[][]::new));
        } catch (RuntimeException e) {
            sh.comparison().failed();
            return;
        }
        double[] a = new double[live.length];
        double[] b = new double[live.length];
        for (int i = 0; i < live.length; i++) {
            a[i] = risk(live[i]);
            b[i] = risk(candidate[i]);
        }
        Double rho = sh.comparison().add(a, b);
        Integer[] order = new Integer[a.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(a[y], a[x]));
        int n = Math.min(SHADOW_LOGGED_ITEMS, order.length);
        List<String> items = new ArrayList<>(n);
        double[] la = new double[n];
        double[] lb = new double[n];
        for (int k = 0; k < n; k++) {
            items.add(batch.get(order[k]).listingId());
            la[k] = a[order[k]];
            lb[k] = b[order[k]];
        }
        String request = "fraud-refresh-" + now;
        out.add(Event.of("shadow:fraud:" + sh.model().version() + ":" + request, now, "fraud",
                new io.mercator.events.payload.ModelPayload.ShadowScored(request, m.version(), sh.model().version(),
                        items, la, lb, rho)));
    }

    /** What the queue orders by: the calibrated probability, or the anomaly score before any calibration. */
    private static double risk(FraudModel.Scored s) {
        return s.calibrated() ? s.probability() : s.anomaly();
    }

    // --- releases: versions kept in memory, held while a release runs ---------------------------------

    /** The version serving now; null before the first model. */
    public synchronized String liveVersion() {
        return model == null ? null : model.version();
    }

    /** The versions a release can name, oldest first: those kept in memory and, with a registry, every registered one. */
    public synchronized List<String> versions() {
        if (store == null) {
            return List.copyOf(kept.keySet());
        }
        Map<String, Long> when = new LinkedHashMap<>();
        for (String v : store.versions()) {
            store.card(v).ifPresent(c -> when.put(v, c.trainedAtMillis()));
        }
        kept.forEach((v, k) -> when.put(v, k.card().trainedAtMillis()));
        return when.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
    }

    /** The registered card of a version (kept in memory or in the registry). */
    public synchronized Optional<ModelCard> card(String version) {
        Kept k = kept.get(version);
        if (k != null) {
            return Optional.of(k.card());
        }
        return store == null ? Optional.empty() : store.card(version);
    }

    /**
     * A release starts: {@code version} and the live model stay loaded, and retrained models are kept
     * beside them without replacing the live one until {@link #letGo()}.
     *
     * @throws IllegalArgumentException when the version is not kept
     */
    public synchronized void hold(String version) {
        if (!kept.containsKey(version) && store != null && store.card(version).isPresent()) {
            // a version the loop no longer keeps: read back from the registry
            kept.put(version, new Kept(store.load(version), store.card(version).orElseThrow()));
        }
        if (!kept.containsKey(version)) {
            throw new IllegalArgumentException("no fraud model version " + version + "; kept: " + kept.keySet());
        }
        held = true;
        pinned.add(version);
        if (model != null) {
            pinned.add(model.version());
        }
    }

    /** The release ended: retraining replaces the live model again, and old versions can be closed. */
    public synchronized void letGo() {
        held = false;
        pinned.clear();
        shadow = null;
        evict();
    }

    /** Serves a kept version from the next refresh on; every listing is scored again by it. */
    public synchronized void serve(String version) {
        Kept k = kept.get(version);
        if (k == null) {
            throw new IllegalArgumentException("no fraud model version " + version + "; kept: " + kept.keySet());
        }
        model = k.model();
        card = k.card();
        rescoreAll = true;
        decisionsAudited = -1;
        if (store != null) {
            store.markLive(version);
        }
    }

    /** From the next refresh on, {@code version} scores each batch beside the live model; null stops it. */
    public synchronized void shadow(String version, io.mercator.release.ShadowComparison comparison) {
        if (version == null) {
            shadow = null;
            return;
        }
        Kept k = kept.get(version);
        if (k == null) {
            throw new IllegalArgumentException("no fraud model version " + version + "; kept: " + kept.keySet());
        }
        shadow = new Shadow(k.model(), comparison);
        rescoreAll = true;
    }

    private void keep(FraudModel m, ModelCard c) {
        if (store != null) {
            store.register(m, c);
        }
        kept.put(m.version(), new Kept(m, c));
        evict();
    }

    /** Closes the oldest versions beyond {@value #KEPT}, never the live one nor one a release holds. */
    private void evict() {
        List<String> versions = new ArrayList<>(kept.keySet());
        int excess = versions.size() - KEPT;
        for (String v : versions) {
            if (excess <= 0) {
                break;
            }
            if (pinned.contains(v) || (model != null && model.version().equals(v))) {
                continue;
            }
            kept.remove(v).model().close();
            excess--;
        }
    }

    private void events(FraudCase c, FraudModel.Scored s, PrecisionGate.Action action, FraudModel m, long now,
                        List<Event> out) {
        String id = c.listingId();
        boolean wouldRemove = settings.gate().wouldRemove(s);
        int level = switch (action) {
            case PASS -> 0;
            case REVIEW -> wouldRemove ? 2 : 1;
            case REMOVE -> 3;
        };
        // nothing to say, said already, or a person decided: the model does not overrule a moderator
        if (level <= written.getOrDefault(id, 0) || labels.decided(id)) {
            return;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("model_version", m.version());
        evidence.put("anomaly_score", round(s.anomaly()));
        if (s.calibrated()) {
            evidence.put("probability", round(s.probability()));
        }
        FraudModel.Explanation why = m.explain(c.features());
        evidence.put("explanation", why.method());
        evidence.put("top_features", why.top(5));
        String reason = s.calibrated()
                ? "fraud model " + m.version() + ": probability " + round(s.probability())
                : "fraud model " + m.version() + ": anomaly score " + round(s.anomaly()) + " (not calibrated yet)";
        written.put(id, level);
        if (action == PrecisionGate.Action.REMOVE) {
            out.add(Event.of("fraud-model:remove:" + m.version() + ":" + id, now, id, new ModerationPayload.Decided(
                    ModerationPayload.Decided.REMOVE, reason + " >= " + settings.gate().target() + ", audit assures "
                    + round(audit.assuredPrecision()), FraudLabels.MODEL_ACTOR_PREFIX + ":" + m.version(), null,
                    "fraud-model:" + m.version() + ":" + id)));
            if (sampledForAudit(id)) {
                out.add(Event.of("fraud-model:audit:" + m.version() + ":" + id, now, id, new ModerationPayload.Flagged(
                        "audit of an automatic removal: " + reason, s.probability(), FraudLabels.AUDIT_SOURCE, "fraud", evidence)));
            }
        } else {
            String source = wouldRemove ? FraudLabels.AUDIT_SOURCE : REVIEW_SOURCE;
            double risk = s.calibrated() ? s.probability() : s.anomaly();
            out.add(Event.of("fraud-model:review:" + m.version() + ":" + id, now, id,
                    new ModerationPayload.Flagged(reason, risk, source, "fraud", evidence)));
        }
    }

    /** Events {@link #refresh} returned that could not be written: their listings are considered again next time. */
    public synchronized void unwritten(List<Event> events) {
        events.forEach(e -> written.remove(e.key()));
        // (a listing flagged for review and then not removed is flagged again: a repeated flag joins its item)
    }

    /** A seeded hash of the listing decides, so every instance samples the same listings. */
    private boolean sampledForAudit(String listingId) {
        return SeededDraw.of(listingId, settings.seed()) < settings.auditShare();
    }

    private boolean retrainIfDue(long now) {
        long seen = labels.decisions();
        boolean first = model == null;
        if (first && cases.size() < settings.minCases()) {
            return false;
        }
        // retrained after enough new decisions, or when the listings have doubled since the forest was grown
        if (!first && seen - decisionsAtTraining < settings.retrainEvery() && cases.size() < 2L * card.listings()) {
            return false;
        }
        List<FraudCase> all = new ArrayList<>(cases.cases());
        all.sort(java.util.Comparator.comparing(FraudCase::listingId));
        IsolationForest forest = trainer.forest(all.stream().map(FraudCase::features).toArray(double[][]::new));
        // in the order of listing ids, so instances that read the same decisions train the same model
        Map<String, FraudLabels.Label> known = new java.util.TreeMap<>(labels.snapshot());
        List<double[]> rows = new ArrayList<>();
        List<Boolean> removed = new ArrayList<>();
        known.forEach((listing, label) -> cases.fraudCase(listing).ifPresent(c -> {
            rows.add(c.features());
            removed.add(label.removed());
        }));
        double[][] x = rows.toArray(double[][]::new);
        boolean[] y = new boolean[removed.size()];
        int positives = 0;
        for (int i = 0; i < y.length; i++) {
            y[i] = removed.get(i);
            positives += y[i] ? 1 : 0;
        }
        String kind = FraudTrainer.canTrainSupervised(y) ? FraudModel.SUPERVISED : FraudModel.ANOMALY;
        String provisional = "fraud-" + kind + "-" + y.length + "-" + (++trainings);
        FraudModel trained = kind.equals(FraudModel.SUPERVISED)
                ? trainer.supervisedModel(provisional, forest, x, y)
                : trainer.anomalyModel(provisional, forest, x, y);
        // named by its content: instances that learn the same model from the same log name it alike
        FraudModel next = new FraudModel(FraudModelStore.versionOf(trained), trained.kind(), trained.forest(),
                trained.classifier(), trained.calibrator(), trained.labels());
        String version = next.version();
        ModelCard nextCard = new ModelCard(version, kind, y.length, positives, now, all.size(),
                kind.equals(FraudModel.SUPERVISED) ? FraudModel.CLASSIFIER_FEATURES : FraudFeatures.NAMES,
                next.calibrator() == null ? 0 : next.calibrator().blocks());
        decisionsAtTraining = seen;
        if (held && model != null) {
            // a release holds the live model: the new one waits as a version to release
            keep(next, nextCard);
            return false;
        }
        model = next;
        card = nextCard;
        keep(next, nextCard);
        if (store != null) {
            store.markLive(version);
        }
        return true;
    }

    /** The audit labels on listings the model would remove alone. */
    private Audit auditOf(FraudModel m, Map<String, FraudLabels.Label> known) {
        List<FraudCase> audited = new ArrayList<>();
        List<Boolean> removed = new ArrayList<>();
        known.forEach((listing, label) -> {
            if (label.audit()) {
                cases.fraudCase(listing).ifPresent(c -> {
                    audited.add(c);
                    removed.add(label.removed());
                });
            }
        });
        FraudModel.Scored[] scored = m.scoreAll(audited.stream().map(FraudCase::features).toArray(double[][]::new));
        int n = 0;
        int confirmed = 0;
        for (int i = 0; i < scored.length; i++) {
            if (settings.gate().wouldRemove(scored[i])) {
                n++;
                confirmed += removed.get(i) ? 1 : 0;
            }
        }
        return new Audit(n, confirmed, settings.labelNoise());
    }

    /** The model's latest word on a listing; empty before it was scored. */
    public Optional<Decision> decision(String listingId) {
        return Optional.ofNullable(decisions.get(listingId));
    }

    /**
     * What a moderator's label on the listing is worth to the model: once it has a calibrated
     * probability, {@link LabelValue} (its uncertainty, weighted by the buyers the listing reaches);
     * before, with nothing calibrated to be uncertain about, the anomaly score with the same weight
     * (the strangest listings first, as the evaluation starts). 0 for a listing not scored yet.
     */
    public double labelValue(String listingId) {
        Decision d = decisions.get(listingId);
        if (d == null) {
            return 0;
        }
        long impressions = cases.fraudCase(listingId).map(FraudCase::impressions).orElse(0L);
        return Double.isNaN(d.probability()) ? d.anomaly() * LabelValue.reach(impressions)
                : LabelValue.of(d.probability(), impressions);
    }

    /** Whether audits assure the precision target, so the model removes listings alone (cheap: for a gauge). */
    public boolean gateOpen() {
        return settings.gate().open(audit);
    }

    public Status status() {
        Map<String, FraudLabels.Label> known = labels.snapshot();
        int removals = (int) known.values().stream().filter(FraudLabels.Label::removed).count();
        Map<PrecisionGate.Action, Integer> byAction = new EnumMap<>(PrecisionGate.Action.class);
        decisions.values().forEach(d -> byAction.merge(d.action(), 1, Integer::sum));
        Map<String, Integer> actions = new LinkedHashMap<>();
        for (PrecisionGate.Action a : PrecisionGate.Action.values()) {
            actions.put(a.wireName(), byAction.getOrDefault(a, 0));
        }
        long until = model == null ? settings.retrainEvery()
                : Math.max(0, settings.retrainEvery() - (labels.decisions() - decisionsAtTraining));
        return new Status(card, known.size(), removals, audit, settings.gate().open(audit), actions, until);
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
