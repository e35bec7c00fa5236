package io.mercator.nlp.prohibited;

import io.mercator.nlp.lexicon.TermList;
import io.mercator.nlp.text.MappedText;
import io.mercator.nlp.text.Rewrites;

import java.util.ArrayList;
import java.util.List;

/**
 * The terms that name prohibited goods ({@code lexicon/prohibited-terms.tsv}) and the look-alikes that
 * share their words and are fine to sell ({@code lexicon/prohibited-lookalikes.tsv}: a water gun, a
 * glue gun, a wine glass). A term inside a look-alike does not count. The lexicon alone would
 * fire on "copy" and "fake" in harmless listings; it gives the classifier features and the findings
 * their spans, and the classifier decides.
 */
public final class ProhibitedLexicon {

    /** The prohibited types, in the order of the classifier's labels after "allowed". */
    public static final List<String> TYPES = List.of("weapon", "drug", "e_cigarette", "counterfeit", "wildlife",
            "prescription_drug", "fake_document", "adult", "gambling", "alcohol");

    private final TermList terms = TermList.resource("/io/mercator/nlp/lexicon/prohibited-terms.tsv", null);
    private final TermList lookalikes = TermList.resource("/io/mercator/nlp/lexicon/prohibited-lookalikes.tsv", "lookalike");

    /** What the lexicon sees in a text: prohibited-term hits outside look-alikes, and the look-alikes. */
    public record Reading(MappedText view, List<TermList.Hit> hits, List<TermList.Hit> lookalikes) {

        /** Per type (in {@link #TYPES} order) the number of hits, capped at 2, then 1 if a look-alike stands there. */
        public double[] features() {
            double[] f = new double[TYPES.size() + 1];
            for (TermList.Hit h : hits) {
                int t = TYPES.indexOf(h.term().label());
                f[t] = Math.min(2, f[t] + 1);
            }
            f[TYPES.size()] = lookalikes.isEmpty() ? 0 : 1;
            return f;
        }

        public List<TermList.Hit> hitsOf(String type) {
            return hits.stream().filter(h -> h.term().label().equals(type)).toList();
        }
    }

    /** The number of extra features {@link Reading#features()} gives. */
    public static int featureCount() {
        return TYPES.size() + 1;
    }

    /** Reads a normalised text, with Thai letters spaced apart and Latin letters spelled out joined. */
    public Reading read(MappedText normalized) {
        MappedText view = Rewrites.joinThai(Rewrites.joinSpelledOut(normalized));
        List<TermList.Hit> safe = lookalikes.find(view.text());
        List<TermList.Hit> hits = new ArrayList<>();
        for (TermList.Hit h : terms.find(view.text())) {
            boolean insideLookalike = safe.stream().anyMatch(s -> s.start() <= h.start() && h.end() <= s.end());
            if (!insideLookalike) {
                hits.add(h);
            }
        }
        return new Reading(view, List.copyOf(hits), safe);
    }
}
