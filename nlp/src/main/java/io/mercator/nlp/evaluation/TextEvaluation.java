package io.mercator.nlp.evaluation;

import io.mercator.nlp.Finding;
import io.mercator.nlp.TextAnalyzer;
import io.mercator.nlp.TextInput;
import io.mercator.nlp.TextReport;
import io.mercator.nlp.classify.ClassificationReport;
import io.mercator.nlp.classify.LinearTextClassifier;
import io.mercator.nlp.model.LabelledText;
import io.mercator.nlp.model.Splits;
import io.mercator.nlp.model.TextFeatures;
import io.mercator.nlp.model.TextModelTrainer;
import io.mercator.nlp.model.TextModels;
import io.mercator.nlp.model.TrainingCorpora;
import io.mercator.nlp.prohibited.ProhibitedLexicon;
import io.mercator.nlp.reply.IntentClassifier;
import io.mercator.nlp.text.TextNormalizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Measures a text-model version on data it never saw:
 * <ul>
 *   <li>diversion and prohibited goods on the adversarial sets written for Mercator (Thai and
 *       English, obfuscation included), whole texts through {@link TextAnalyzer};</li>
 *   <li>English offensive language and spam on the rows of the public sets held out from training
 *       ({@link Splits}, the same seed as training);</li>
 *   <li>Thai offensive language on wisesight-valid messages labelled by reading them;</li>
 *   <li>buyer intents on messages written for evaluation by other hands than the training ones.</li>
 * </ul>
 */
public final class TextEvaluation {

    /** Precision, recall and F1 of one yes/no question. */
    public record Binary(String task, int n, int positives, double precision, double recall, double f1) {

        static Binary of(String task, boolean[] truth, boolean[] predicted) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            int positives = 0;
            for (int i = 0; i < truth.length; i++) {
                positives += truth[i] ? 1 : 0;
                if (truth[i] && predicted[i]) {
                    tp++;
                } else if (predicted[i]) {
                    fp++;
                } else if (truth[i]) {
                    fn++;
                }
            }
            double p = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
            double r = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
            return new Binary(task, truth.length, positives, p, r, p + r == 0 ? 0 : 2 * p * r / (p + r));
        }
    }

    /** Everything measured, task by task, with the misses of the adversarial sets' development halves. */
    public record Result(String modelVersion, List<Binary> binaries, Map<String, ClassificationReport> reports,
                         Map<String, Double> accuracies, List<String> misses) {
    }

    private final TextModels models;
    private final TextAnalyzer analyzer;
    private final TrainingCorpora corpora;
    private final Path evalDir;

    /** @param evalDir the folder of the evaluation sets ({@code nlp/src/test/resources/io/mercator/nlp/eval}) */
    public TextEvaluation(TextModels models, TextAnalyzer analyzer, TrainingCorpora corpora, Path evalDir) {
        this.models = models;
        this.analyzer = analyzer;
        this.corpora = corpora;
        this.evalDir = evalDir;
    }

    public Result run() {
        List<Binary> binaries = new ArrayList<>();
        Map<String, ClassificationReport> reports = new LinkedHashMap<>();
        Map<String, Double> accuracies = new LinkedHashMap<>();
        List<String> misses = new ArrayList<>();
        adversarial("diversion", Finding.Kind.DIVERSION, binaries, misses);
        adversarial("prohibited", Finding.Kind.PROHIBITED, binaries, misses);
        if (Files.isRegularFile(evalDir.resolve("diversion-unseen.tsv"))) {
            unseen("diversion", Finding.Kind.DIVERSION, binaries, misses);
        }
        TextFeatures features = new TextFeatures(models.words(), new ProhibitedLexicon());

        Splits davidson = Splits.stratified(corpora.davidson(), TextModelTrainer.HELD_OUT);
        reports.put("offensive_en (Davidson held-out 20%)", report(davidson.heldOut(), TextModels.OFFENSIVE_EN,
                t -> models.offensiveEn().probabilities(features.offensiveEn(TextNormalizer.normalize(t)))));
        Splits sms = Splits.stratified(corpora.smsSpam(), TextModelTrainer.HELD_OUT);
        ClassificationReport spam = report(sms.heldOut(), TextModels.SPAM,
                t -> models.spam().probabilities(features.spam(TextNormalizer.normalize(t))));
        reports.put("spam (SMS held-out 20%)", spam);

        List<String> thaiLabels = lines(evalDir.resolve("thai-offensive-labels.tsv"));
        List<LabelledText> thai = corpora.thaiOffensive(TrainingCorpora.WISESIGHT_VALID, thaiLabels);
        reports.put("offensive_th (wisesight-valid, labelled by reading; random + keyword samples)", report(thai,
                TextModels.OFFENSIVE_TH, t -> models.offensiveTh().probabilities(features.offensiveTh(TextNormalizer.normalize(t)))));
        List<LabelledText> thaiRandom = new ArrayList<>();
        for (int i = 1; i < thaiLabels.size(); i++) {
            if (thaiLabels.get(i).endsWith("random")) {
                thaiRandom.add(thai.get(i - 1));
            }
        }
        reports.put("offensive_th (random sample only)", report(thaiRandom, TextModels.OFFENSIVE_TH,
                t -> models.offensiveTh().probabilities(features.offensiveTh(TextNormalizer.normalize(t)))));

        IntentClassifier intents = new IntentClassifier(models, features);
        List<String> rows = lines(evalDir.resolve("intent-eval.tsv"));
        Map<String, int[]> byLang = new TreeMap<>();
        List<LabelledText> intentRows = new ArrayList<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split("\t", 3);
            intentRows.add(new LabelledText(c[2], c[0]));
            int[] counts = byLang.computeIfAbsent(c[1], k -> new int[2]);
            counts[1]++;
            if (intents.classify(c[2]).intent().equals(c[0])) {
                counts[0]++;
            }
        }
        reports.put("intent (written for evaluation)", report(intentRows, TextModels.INTENTS,
                t -> intents.probabilities(TextNormalizer.normalize(t))));
        byLang.forEach((lang, c) -> accuracies.put("intent accuracy, " + lang, (double) c[0] / c[1]));
        return new Result(models.version(), binaries, reports, accuracies, misses);
    }

    /**
     * A set of rows {@code types<TAB>lang<TAB>text}: does the analyzer find the kind, and the right
     * type? The rows alternate between two halves: the development half (even rows), whose misses
     * are listed for whoever improves the detectors, and the test half (odd rows), whose misses are
     * never shown, so that its figures stay a measure of what was not tuned to.
     */
    private void adversarial(String name, Finding.Kind kind, List<Binary> binaries, List<String> misses) {
        List<String> rows = lines(evalDir.resolve(name + "-adversarial.tsv"));
        rows = rows.subList(1, rows.size());
        int n = rows.size();
        boolean[] truth = new boolean[n];
        boolean[] found = new boolean[n];
        boolean[] typed = new boolean[n];
        String[] lang = new String[n];
        for (int i = 0; i < n; i++) {
            String[] c = rows.get(i).split("\t", 3);
            Set<String> types = "-".equals(c[0]) ? Set.of() : Arrays.stream(c[0].split(",")).map(String::strip)
                    .collect(Collectors.toSet());
            TextReport report = analyzer.analyze(new TextInput(c[2], TextInput.Context.LISTING_DESCRIPTION, null));
            Set<String> predicted = report.findings().stream().filter(f -> f.kind() == kind).map(Finding::type)
                    .collect(Collectors.toSet());
            lang[i] = c[1];
            truth[i] = !types.isEmpty();
            found[i] = !predicted.isEmpty();
            typed[i] = found[i] && (!truth[i] || predicted.stream().anyMatch(types::contains));
            if (i % 2 == 0 && (truth[i] != found[i] || (truth[i] && !typed[i]))) {
                misses.add(name + " expected " + (types.isEmpty() ? "-" : types) + " got "
                        + (predicted.isEmpty() ? "-" : predicted) + ": " + c[2]);
            }
        }
        binaries.add(subset(name + " adversarial, all", truth, found, i -> true));
        binaries.add(subset(name + " adversarial, all, right type", truth, typed, i -> true));
        binaries.add(subset(name + " adversarial, test half (never looked at)", truth, found, i -> i % 2 == 1));
        binaries.add(subset(name + " adversarial, test half, right type", truth, typed, i -> i % 2 == 1));
        for (String l : new TreeMap<>(Arrays.stream(lang).collect(Collectors.groupingBy(x -> x))).keySet()) {
            binaries.add(subset(name + " adversarial, all, " + l, truth, found, i -> lang[i].equals(l)));
        }
    }

    /**
     * A set of disguised contacts written after the rules were, by a hand that never saw them:
     * positives only, so it measures recall (precision is not defined on it and is printed as
     * "-"). Split as the adversarial sets are: the misses of its development half (even rows) are
     * listed; its test half (odd rows) is never looked at.
     */
    private void unseen(String name, Finding.Kind kind, List<Binary> binaries, List<String> misses) {
        List<String> rows = lines(evalDir.resolve(name + "-unseen.tsv"));
        rows = rows.subList(1, rows.size());
        int n = rows.size();
        boolean[] truth = new boolean[n];
        boolean[] found = new boolean[n];
        boolean[] typed = new boolean[n];
        for (int i = 0; i < n; i++) {
            String[] c = rows.get(i).split("\t", 3);
            Set<String> types = Arrays.stream(c[0].split(",")).map(String::strip).collect(Collectors.toSet());
            Set<String> predicted = analyzer.analyze(new TextInput(c[2], TextInput.Context.LISTING_DESCRIPTION, null)).findings()
                    .stream().filter(f -> f.kind() == kind).map(Finding::type).collect(Collectors.toSet());
            truth[i] = true;
            found[i] = !predicted.isEmpty();
            typed[i] = predicted.stream().anyMatch(types::contains);
            if (i % 2 == 0 && !typed[i]) {
                misses.add(name + " unseen expected " + types + " got " + (predicted.isEmpty() ? "-" : predicted) + ": " + c[2]);
            }
        }
        for (String half : List.of("all", "test half (never looked at)")) {
            java.util.function.IntPredicate keep = half.equals("all") ? i -> true : i -> i % 2 == 1;
            Binary f = subset(name + " unseen, " + half, truth, found, keep);
            Binary t = subset(name + " unseen, " + half + ", right type", truth, typed, keep);
            binaries.add(new Binary(f.task(), f.n(), f.positives(), Double.NaN, f.recall(), Double.NaN));
            binaries.add(new Binary(t.task(), t.n(), t.positives(), Double.NaN, t.recall(), Double.NaN));
        }
    }

    private static Binary subset(String task, boolean[] truth, boolean[] predicted, java.util.function.IntPredicate keep) {
        int[] idx = java.util.stream.IntStream.range(0, truth.length).filter(keep).toArray();
        boolean[] t = new boolean[idx.length];
        boolean[] p = new boolean[idx.length];
        for (int k = 0; k < idx.length; k++) {
            t[k] = truth[idx[k]];
            p[k] = predicted[idx[k]];
        }
        return Binary.of(task, t, p);
    }

    private static ClassificationReport report(List<LabelledText> rows, List<String> labels,
                                               java.util.function.Function<String, double[]> model) {
        int[] truth = new int[rows.size()];
        int[] predicted = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            truth[i] = labels.indexOf(rows.get(i).label());
            predicted[i] = LinearTextClassifier.argMax(model.apply(rows.get(i).text()));
        }
        return ClassificationReport.of(labels, truth, predicted);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String figure(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.3f", v);
    }

    /** The result as the table {@code ./mercator evaluate-text} prints. */
    public static String table(Result r) {
        StringBuilder out = new StringBuilder("text models " + r.modelVersion() + "\n");
        out.append(String.format("%-62s %6s %6s %9s %7s %6s%n", "task", "n", "pos", "precision", "recall", "F1"));
        for (Binary b : r.binaries()) {
            out.append(String.format("%-62s %6d %6d %9s %7.3f %6s%n", b.task(), b.n(), b.positives(), figure(b.precision()),
                    b.recall(), figure(b.f1())));
        }
        r.reports().forEach((task, rep) -> {
            out.append(String.format("%n%s: n %d, accuracy %.3f, macro-F1 %.3f, weighted F1 %.3f%n", task, rep.n(),
                    rep.accuracy(), rep.macroF1(), rep.weightedF1()));
            rep.labels().forEach(l -> out.append(String.format("  %-20s precision %.3f recall %.3f F1 %.3f (n %d)%n",
                    l.label(), l.precision(), l.recall(), l.f1(), l.support())));
        });
        out.append('\n');
        r.accuracies().forEach((k, v) -> out.append(String.format("%s: %.3f%n", k, v)));
        return out.toString();
    }

}
