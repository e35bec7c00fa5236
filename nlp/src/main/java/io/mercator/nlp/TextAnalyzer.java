package io.mercator.nlp;

import io.mercator.nlp.classify.LinearTextClassifier;
import io.mercator.nlp.diversion.DiversionDetector;
import io.mercator.nlp.lexicon.TermList;
import io.mercator.nlp.model.TextFeatures;
import io.mercator.nlp.model.TextModels;
import io.mercator.nlp.offensive.OffensiveLexicon;
import io.mercator.nlp.prohibited.ProhibitedLexicon;
import io.mercator.nlp.text.Lang;
import io.mercator.nlp.text.MappedText;
import io.mercator.nlp.text.TextNormalizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Analyses one text for the four kinds of harm and combines them into a safety score. Plain code,
 * no I/O: the verticle runs it on its own worker pool.
 *
 * <ul>
 *   <li>diversion: {@link DiversionDetector} (libraries and rules; the score is the most confident
 *       rule's hand-set confidence);</li>
 *   <li>prohibited goods: the prohibited-goods classifier over n-grams and lexicon hits; the score
 *       is its probability that the text is not {@code allowed};</li>
 *   <li>offensive language: the English classifier's probability of hate speech or offensive
 *       language, the Thai classifier's probability of offensive, by the text's language (the
 *       higher of the two for mixed text);</li>
 *   <li>spam: the SMS-trained classifier's probability of spam.</li>
 * </ul>
 */
public final class TextAnalyzer {

    /** A finding is reported when its kind's score reaches this. */
    static final double REPORT_AT = 0.5;
    /** How sure the diversion classifier must be that a text is diversion for a finding of its own. */
    static final double CLASSIFIED_DIVERSION_AT = 0.9;
    /** The most confidence a classifier-only diversion finding gets: review, never an automatic hold. */
    static final double CLASSIFIED_DIVERSION_MAX = 0.8;

    private final TextModels models;
    private final TextFeatures features;
    private final DiversionDetector diversion = new DiversionDetector();
    private final SafetyPolicy policy;
    private final Map<Finding.Kind, String> sources;

    public TextAnalyzer(TextModels models, SafetyPolicy policy) {
        this.models = models;
        this.policy = policy;
        this.features = new TextFeatures(models.words(), new ProhibitedLexicon());
        this.sources = Map.of(Finding.Kind.DIVERSION, "rules (libphonenumber, autolink, hand-written patterns), then model diversion "
                        + models.version(),
                Finding.Kind.PROHIBITED, "model prohibited " + models.version(),
                Finding.Kind.OFFENSIVE, "model offensive_en/offensive_th " + models.version(),
                Finding.Kind.SPAM, "model spam " + models.version());
    }

    public String modelVersion() {
        return models.version();
    }

    public TextReport analyze(TextInput input) {
        MappedText text = TextNormalizer.normalize(input.text());
        Lang lang = Lang.of(text.text());
        List<Finding> findings = new ArrayList<>();
        Map<Finding.Kind, Double> scores = new EnumMap<>(Finding.Kind.class);

        List<Finding> contacts = new ArrayList<>(diversion.find(text));
        if (contacts.isEmpty()) {
            classifiedDiversion(text).ifPresent(contacts::add);
        }
        findings.addAll(contacts);
        scores.put(Finding.Kind.DIVERSION, contacts.stream().mapToDouble(Finding::confidence).max().orElse(0));
        scores.put(Finding.Kind.PROHIBITED, prohibited(text, findings));
        scores.put(Finding.Kind.OFFENSIVE, offensive(text, lang, findings));
        scores.put(Finding.Kind.SPAM, spam(text, findings));

        findings.sort(Comparator.comparingInt(Finding::start).thenComparing(f -> f.kind().ordinal()));
        double safety = policy.safety(scores);
        return new TextReport(safety, policy.action(safety), lang, scores, findings, models.version(), sources);
    }

    /**
     * Where no rule found a way off the platform, the diversion classifier's view: a finding over the
     * whole text when it is sure enough, at a confidence that sends the text to review but never
     * withholds it on its own (below the listing flow's hold threshold).
     */
    private java.util.Optional<Finding> classifiedDiversion(MappedText text) {
        double[] p = models.diversion().probabilities(features.diversion(text));
        int best = 1 + LinearTextClassifier.argMax(java.util.Arrays.copyOfRange(p, 1, p.length));
        if (1 - p[0] < CLASSIFIED_DIVERSION_AT) {
            return java.util.Optional.empty();
        }
        double confidence = Math.min(CLASSIFIED_DIVERSION_MAX, 1 - p[0]);
        return java.util.Optional.of(new Finding(Finding.Kind.DIVERSION, TextModels.DIVERSION.get(best), 0,
                text.original().length(), text.original(), confidence));
    }

    private double prohibited(MappedText text, List<Finding> findings) {
        ProhibitedLexicon.Reading reading = features.prohibitedLexicon().read(text);
        double[] p = models.prohibited().probabilities(features.prohibited(reading));
        double score = 1 - p[0];
        if (score >= REPORT_AT) {
            for (int t = 1; t < p.length; t++) {
                String type = ProhibitedLexicon.TYPES.get(t - 1);
                boolean top = t == LinearTextClassifier.argMax(java.util.Arrays.copyOfRange(p, 1, p.length)) + 1;
                List<TermList.Hit> hits = reading.hitsOf(type);
                if (top || (!hits.isEmpty() && p[t] >= REPORT_AT / 2)) {
                    findings.add(spanned(Finding.Kind.PROHIBITED, type, text, reading.view(), hits, top ? score : p[t]));
                }
            }
        }
        return score;
    }

    private double offensive(MappedText text, Lang lang, List<Finding> findings) {
        double[] en = models.offensiveEn().probabilities(features.offensiveEn(text));
        double english = en[0] + en[1];
        double thai = models.offensiveTh().probabilities(features.offensiveTh(text))[1];
        double score = switch (lang) {
            case TH -> thai;
            case EN, OTHER -> english;
            case MIXED -> Math.max(thai, english);
        };
        if (score >= REPORT_AT) {
            boolean hate = lang != Lang.TH && english >= thai && en[0] > en[1];
            OffensiveLexicon lexicon = lang == Lang.TH || (lang == Lang.MIXED && thai > english)
                    ? features.thaiLexicon() : features.englishLexicon();
            List<OffensiveLexicon.Hit> hits = lexicon.find(text);
            String type = hate ? "hate_speech" : "offensive_language";
            if (hits.isEmpty()) {
                findings.add(new Finding(Finding.Kind.OFFENSIVE, type, 0, text.original().length(), text.original(), score));
            } else {
                OffensiveLexicon.Hit h = hits.get(0);
                findings.add(new Finding(Finding.Kind.OFFENSIVE, type, h.start(), h.end(),
                        text.original().substring(h.start(), h.end()), score));
            }
        }
        return score;
    }

    private double spam(MappedText text, List<Finding> findings) {
        double score = models.spam().probabilities(features.spam(text))[1];
        if (score >= REPORT_AT) {
            findings.add(new Finding(Finding.Kind.SPAM, "spam", 0, text.original().length(), text.original(), score));
        }
        return score;
    }

    /** A finding on the first lexicon hit of its type, or on the whole text when the classifier found it without one. */
    private static Finding spanned(Finding.Kind kind, String type, MappedText text, MappedText view,
                                   List<TermList.Hit> hits, double confidence) {
        if (hits.isEmpty()) {
            return new Finding(kind, type, 0, text.original().length(), text.original(), confidence);
        }
        MappedText.Span span = view.originalSpan(hits.get(0).start(), hits.get(0).end());
        return new Finding(kind, type, span.start(), span.end(), text.original().substring(span.start(), span.end()), confidence);
    }
}
