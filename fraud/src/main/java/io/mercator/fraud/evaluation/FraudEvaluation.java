package io.mercator.fraud.evaluation;

import io.mercator.events.Event;
import io.mercator.fraud.SeededDraw;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.fraud.anomaly.IsolationForest;
import io.mercator.fraud.features.FraudCase;
import io.mercator.fraud.features.FraudFeatureProjection;
import io.mercator.fraud.gate.Audit;
import io.mercator.fraud.gate.LabelValue;
import io.mercator.fraud.gate.PrecisionGate;
import io.mercator.fraud.rule.FraudRule;
import io.mercator.fraud.supervised.FraudModel;
import io.mercator.fraud.supervised.FraudTrainer;
import io.mercator.simulator.FraudPattern;
import io.mercator.simulator.MarketplaceSimulator;
import io.mercator.simulator.SimulatedModerator;
import io.mercator.simulator.SimulatedWorld;
import io.mercator.simulator.SimulationConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * {@code ./mercator evaluate-fraud}: the fraud loop on a simulated marketplace, against its ground
 * truth. The simulator's log is projected into fraud features; sellers are split in two, and every
 * figure is measured on the listings of the held-out sellers, whom no model and no moderator saw.
 * On the other sellers' listings a simulated moderator, wrong at a configured rate, labels the
 * listings the active-learning order asks about, a batch at a time, and the models are retrained
 * after each batch. At each checkpoint (0, 200, 1,000 labels by default) it measures today's rule,
 * the anomaly model and the supervised model through the same {@link PrecisionGate}.
 *
 * <p>Figures per model: the precision and recall of its automatic removals, the automation rate
 * (automatic removals over all listings it sends for a decision, automatic or queued), the
 * listings it queues for moderators, and its recall at the rule's precision (the best recall any
 * threshold on its score reaches while its precision stays at least the rule's, on the held-out
 * listings: a curve figure, not a deployed threshold).
 */
public final class FraudEvaluation {

    /**
     * @param users              buyers simulated (sellers and listings scale with them)
     * @param days               days simulated
     * @param seed               seed of the world, the moderator's mistakes, the split and the models
     * @param moderatorErrorRate share of the moderator's answers that are wrong
     * @param batch              labels per batch; the models are retrained after each
     * @param checkpoints        label counts at which the models are measured, increasing
     * @param gate               the precision gate
     * @param testShare          share of sellers held out for measuring
     * @param exploreShare       share of each batch picked at random rather than by label value
     * @param auditShare         share of each batch drawn from the listings the model would remove alone
     */
    public record Settings(int users, int days, long seed, double moderatorErrorRate, int batch,
                           List<Integer> checkpoints, PrecisionGate gate, double testShare, double exploreShare,
                           double auditShare) {

        public Settings {
            checkpoints = List.copyOf(checkpoints);
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be positive");
            }
            if (!(testShare > 0 && testShare < 1) || !(exploreShare >= 0 && auditShare >= 0 && exploreShare + auditShare <= 1)) {
                throw new IllegalArgumentException("testShare must be in (0,1), exploreShare and auditShare in [0,1] with a sum up to 1");
            }
            for (int i = 1; i < checkpoints.size(); i++) {
                if (checkpoints.get(i) <= checkpoints.get(i - 1)) {
                    throw new IllegalArgumentException("checkpoints must increase: " + checkpoints);
                }
            }
        }

        public static Settings defaults() {
            return new Settings(5_000, 7, 20261207L, 0.05, 100, List.of(0, 200, 1_000), PrecisionGate.defaults(), 0.3, 0.1, 0.2);
        }
    }

    /**
     * One model at one checkpoint, on the held-out listings.
     *
     * @param model                 rule, anomaly or supervised
     * @param labels                moderator labels it learnt from
     * @param trained               false when it could not be built yet (then every figure is 0)
     * @param removed               listings removed automatically
     * @param queued                listings sent to moderators
     * @param precision             of automatic removals (NaN without any)
     * @param recall                share of the fraudulent listings removed automatically
     * @param automation            removed / (removed + queued)
     * @param caught                share of the fraudulent listings removed or queued
     * @param recallAtRulePrecision best recall on its score's curve at the rule's precision
     * @param recallByPattern       automatic recall per fraud pattern
     */
    public record Row(String model, int labels, boolean trained, int removed, int queued, double precision,
                      double recall, double automation, double caught, double recallAtRulePrecision,
                      Map<String, Double> recallByPattern) {
    }

    /**
     * @param rows            per checkpoint: rule, anomaly, supervised
     * @param trainListings   listings of the sellers the moderator labels from
     * @param testListings    listings of held-out sellers
     * @param testFraudulent  fraudulent among them
     * @param fraudByPattern  fraudulent held-out listings per pattern
     * @param labelNoise      share of the moderator's labels that were wrong (measured)
     * @param labelledFraud   share of the labels that were removals
     * @param rulePrecision   precision of the rule's automatic removals
     */
    public record Report(Settings settings, List<Row> rows, int trainListings, int testListings, int testFraudulent,
                         Map<String, Integer> fraudByPattern, double labelNoise, double labelledFraud,
                         double rulePrecision) {
    }

    /** Each listing is assessed at the end of its first day: what its seller's reports said by then. */
    static final long ASSESSED_AFTER = 86_400_000L;

    private final Settings settings;
    private final Consumer<String> progress;

    public FraudEvaluation(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public Report run() {
        SimulationConfig config = new SimulationConfig(settings.users(), settings.days(), settings.seed(),
                1_780_000_000_000L);
        MarketplaceSimulator simulator = new MarketplaceSimulator(config);
        FraudFeatureProjection projection = new FraudFeatureProjection(ASSESSED_AFTER);
        LogPartition partition = new LogPartition("simulated", 0);
        long[] offset = {0};
        progress.accept("simulating " + settings.users() + " buyers over " + settings.days() + " days");
        simulator.run(batch -> {
            List<LogRecord> records = new ArrayList<>(batch.size());
            for (Event e : batch) {
                records.add(new LogRecord(partition, offset[0]++, e));
            }
            projection.apply(records).toCompletionStage().toCompletableFuture().join();
        });
        SimulatedWorld world = simulator.world();
        List<FraudCase> train = new ArrayList<>();
        List<FraudCase> test = new ArrayList<>();
        for (FraudCase c : projection.cases()) {
            (heldOut(c.sellerId()) ? test : train).add(c);
        }
        train.sort(Comparator.comparing(FraudCase::listingId));
        test.sort(Comparator.comparing(FraudCase::listingId));
        boolean[] truth = new boolean[test.size()];
        String[] pattern = new String[test.size()];
        Map<String, Integer> byPattern = new LinkedHashMap<>();
        for (int i = 0; i < test.size(); i++) {
            truth[i] = world.isFraudulent(test.get(i).listingId());
            pattern[i] = world.fraudPattern(test.get(i).sellerId()).wireName();
            if (truth[i]) {
                byPattern.merge(pattern[i], 1, Integer::sum);
            }
        }
        progress.accept(projection.size() + " listings published: " + train.size() + " from labelling sellers, "
                + test.size() + " held out (" + count(truth) + " fraudulent)");

        double[][] testRows = rows(test);
        Row rule = ruleRow(test, truth, pattern);
        FraudTrainer trainer = new FraudTrainer(settings.seed(), settings.moderatorErrorRate());
        IsolationForest forest = trainer.forest(rows(train));
        SimulatedModerator moderator = new SimulatedModerator(world, settings.moderatorErrorRate(), settings.seed());

        List<Row> out = new ArrayList<>();
        List<FraudCase> labelled = new ArrayList<>();
        List<Boolean> answers = new ArrayList<>();
        // per label: the kind of model whose automatic removals it audited, else null
        List<String> auditOf = new ArrayList<>();
        Set<String> asked = new HashSet<>();
        SplittableRandom random = new SplittableRandom(settings.seed());
        FraudModel current = trainer.anomalyModel("anomaly-0", forest, new double[0][], new boolean[0]);
        FraudModel supervised = null;
        for (int checkpoint : settings.checkpoints()) {
            while (labelled.size() < checkpoint) {
                int take = Math.min(settings.batch(), checkpoint - labelled.size());
                for (Pick pick : nextBatch(train, asked, current, take, random)) {
                    asked.add(pick.c().listingId());
                    labelled.add(pick.c());
                    answers.add(moderator.removes(pick.c().listingId()));
                    auditOf.add(pick.audit() ? current.kind() : null);
                }
                double[][] lr = rows(labelled);
                boolean[] ly = booleans(answers);
                closeQuietly(current);
                if (current != supervised) {
                    closeQuietly(supervised);
                }
                FraudModel anomaly = trainer.anomalyModel("anomaly-" + labelled.size(), forest, lr, ly);
                supervised = FraudTrainer.canTrainSupervised(ly)
                        ? trainer.supervisedModel("supervised-" + labelled.size(), forest, lr, ly) : null;
                current = supervised != null ? supervised : anomaly;
                progress.accept(labelled.size() + " labels (" + count(ly) + " removals): retrained");
            }
            double[][] lr = rows(labelled);
            boolean[] ly = booleans(answers);
            FraudModel anomaly = trainer.anomalyModel("anomaly-" + labelled.size(), forest, lr, ly);
            out.add(new Row("rule", checkpoint, true, rule.removed(), rule.queued(), rule.precision(), rule.recall(),
                    rule.automation(), rule.caught(), rule.recallAtRulePrecision(), rule.recallByPattern()));
            out.add(modelRow("anomaly", checkpoint, anomaly, audit(anomaly, labelled, answers, auditOf), testRows, truth,
                    pattern, rule.precision()));
            out.add(supervised == null ? untrained("supervised", checkpoint)
                    : modelRow("supervised", checkpoint, supervised, audit(supervised, labelled, answers, auditOf), testRows,
                    truth, pattern, rule.precision()));
        }
        closeQuietly(current);
        closeQuietly(supervised);
        int wrong = 0;
        for (int i = 0; i < labelled.size(); i++) {
            wrong += answers.get(i) != world.isFraudulent(labelled.get(i).listingId()) ? 1 : 0;
        }
        return new Report(settings, out, train.size(), test.size(), count(truth), byPattern,
                labelled.isEmpty() ? 0 : wrong / (double) labelled.size(),
                labelled.isEmpty() ? 0 : count(booleans(answers)) / (double) labelled.size(), rule.precision());
    }

    /**
     * The audit that opens the gate for {@code model}: the audit labels drawn from the automatic
     * removals of a model of its kind, on listings it would still remove alone.
     */
    private Audit audit(FraudModel model, List<FraudCase> labelled, List<Boolean> answers, List<String> auditOf) {
        List<Integer> audited = new ArrayList<>();
        for (int i = 0; i < labelled.size(); i++) {
            if (model.kind().equals(auditOf.get(i))) {
                audited.add(i);
            }
        }
        FraudModel.Scored[] scored = model.scoreAll(audited.stream().map(i -> labelled.get(i).features()).toArray(double[][]::new));
        int n = 0;
        int confirmed = 0;
        for (int k = 0; k < scored.length; k++) {
            if (settings.gate().wouldRemove(scored[k])) {
                n++;
                confirmed += answers.get(audited.get(k)) ? 1 : 0;
            }
        }
        return new Audit(n, confirmed, settings.moderatorErrorRate());
    }

    private record Pick(FraudCase c, boolean audit) {
    }

    /**
     * The listings to ask about next. Once the model has a probability: an audit share drawn at
     * random from the listings it would remove alone (the evidence the precision gate needs: active
     * learning alone never asks about what the model is sure of), an exploration share drawn at
     * random from all (so the calibration sees the whole range), and the rest by label value.
     * Before: the most anomalous half and a random half.
     */
    private List<Pick> nextBatch(List<FraudCase> pool, Set<String> asked, FraudModel model, int take,
                                 SplittableRandom random) {
        List<FraudCase> open = pool.stream().filter(c -> !asked.contains(c.listingId())).toList();
        FraudModel.Scored[] scored = model.scoreAll(rows(open));
        boolean calibrated = scored.length > 0 && scored[0].calibrated();
        double[] value = new double[open.size()];
        List<Integer> wouldRemove = new ArrayList<>();
        for (int i = 0; i < value.length; i++) {
            value[i] = calibrated ? LabelValue.of(scored[i].probability(), open.get(i).impressions()) : scored[i].anomaly();
            if (settings.gate().wouldRemove(scored[i])) {
                wouldRemove.add(i);
            }
        }
        Set<Integer> chosen = new java.util.LinkedHashSet<>();
        int audit = calibrated ? (int) Math.round(take * settings.auditShare()) : 0;
        while (chosen.size() < Math.min(audit, wouldRemove.size())) {
            chosen.add(wouldRemove.get(random.nextInt(wouldRemove.size())));
        }
        Set<Integer> audits = Set.copyOf(chosen);
        int explore = (int) Math.round(take * (calibrated ? settings.exploreShare() : 0.5));
        Integer[] order = new Integer[open.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(value[b], value[a]));
        for (int i = 0; i < order.length && chosen.size() < take - explore; i++) {
            chosen.add(order[i]);
        }
        while (chosen.size() < Math.min(take, open.size())) {
            chosen.add(random.nextInt(open.size()));
        }
        return chosen.stream().map(i -> new Pick(open.get(i), audits.contains(i))).toList();
    }

    private Row ruleRow(List<FraudCase> test, boolean[] truth, String[] pattern) {
        PrecisionGate.Action[] actions = new PrecisionGate.Action[test.size()];
        double[] score = new double[test.size()];
        for (int i = 0; i < actions.length; i++) {
            score[i] = FraudRule.assess(test.get(i).rule()).score();
            actions[i] = score[i] >= RULE_DROP_AT ? PrecisionGate.Action.REMOVE
                    : score[i] >= RULE_FLAG_AT ? PrecisionGate.Action.REVIEW : PrecisionGate.Action.PASS;
        }
        Row r = measure("rule", 0, actions, truth, pattern);
        return new Row(r.model(), 0, true, r.removed(), r.queued(), r.precision(), r.recall(), r.automation(),
                r.caught(), recallAtPrecision(score, truth, r.precision()), r.recallByPattern());
    }

    /** The ranking pipeline's fraud screen thresholds ({@code FraudScreen}'s defaults). */
    static final double RULE_DROP_AT = 0.8;
    static final double RULE_FLAG_AT = 0.5;

    private Row modelRow(String name, int labels, FraudModel model, Audit audit, double[][] testRows, boolean[] truth,
                         String[] pattern, double rulePrecision) {
        FraudModel.Scored[] scored = model.scoreAll(testRows);
        PrecisionGate.Action[] actions = new PrecisionGate.Action[scored.length];
        double[] score = new double[scored.length];
        for (int i = 0; i < scored.length; i++) {
            actions[i] = settings.gate().decide(scored[i], audit);
            score[i] = scored[i].score();
        }
        Row r = measure(name, labels, actions, truth, pattern);
        return new Row(name, labels, true, r.removed(), r.queued(), r.precision(), r.recall(), r.automation(), r.caught(),
                recallAtPrecision(score, truth, rulePrecision), r.recallByPattern());
    }

    private static Row untrained(String name, int labels) {
        return new Row(name, labels, false, 0, 0, Double.NaN, 0, 0, 0, 0, Map.of());
    }

    private static Row measure(String name, int labels, PrecisionGate.Action[] actions, boolean[] truth, String[] pattern) {
        int removed = 0, queued = 0, truePositive = 0, caught = 0, fraud = 0;
        Map<String, int[]> perPattern = new LinkedHashMap<>();
        for (FraudPattern p : FraudPattern.values()) {
            if (p != FraudPattern.NONE) {
                perPattern.put(p.wireName(), new int[2]);
            }
        }
        for (int i = 0; i < actions.length; i++) {
            boolean remove = actions[i] == PrecisionGate.Action.REMOVE;
            removed += remove ? 1 : 0;
            queued += actions[i] == PrecisionGate.Action.REVIEW ? 1 : 0;
            if (truth[i]) {
                fraud++;
                truePositive += remove ? 1 : 0;
                caught += actions[i] != PrecisionGate.Action.PASS ? 1 : 0;
                int[] pp = perPattern.get(pattern[i]);
                pp[0] += remove ? 1 : 0;
                pp[1]++;
            }
        }
        Map<String, Double> recallByPattern = new LinkedHashMap<>();
        perPattern.forEach((p, c) -> recallByPattern.put(p, c[1] == 0 ? Double.NaN : c[0] / (double) c[1]));
        return new Row(name, labels, true, removed, queued, removed == 0 ? Double.NaN : truePositive / (double) removed,
                fraud == 0 ? 0 : truePositive / (double) fraud, removed + queued == 0 ? 0 : removed / (double) (removed + queued),
                fraud == 0 ? 0 : caught / (double) fraud, 0, recallByPattern);
    }

    /** The highest recall of any threshold on {@code score} whose precision is at least {@code precision}. */
    static double recallAtPrecision(double[] score, boolean[] truth, double precision) {
        if (Double.isNaN(precision)) {
            return 0;
        }
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        int positives = count(truth);
        int tp = 0;
        double best = 0;
        for (int k = 0; k < order.length; k++) {
            tp += truth[order[k]] ? 1 : 0;
            boolean lastOfTie = k + 1 == order.length || score[order[k + 1]] < score[order[k]];
            if (lastOfTie && tp / (double) (k + 1) >= precision && positives > 0) {
                best = Math.max(best, tp / (double) positives);
            }
        }
        return best;
    }

    private boolean heldOut(String sellerId) {
        return SeededDraw.of(sellerId, settings.seed()) < settings.testShare();
    }

    private static double[][] rows(List<FraudCase> cases) {
        double[][] out = new double[cases.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = cases.get(i).features();
        }
        return out;
    }

    private static boolean[] booleans(List<Boolean> list) {
        boolean[] out = new boolean[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean v : b) {
            n += v ? 1 : 0;
        }
        return n;
    }

    private static void closeQuietly(FraudModel m) {
        if (m != null) {
            m.close();
        }
    }
}
