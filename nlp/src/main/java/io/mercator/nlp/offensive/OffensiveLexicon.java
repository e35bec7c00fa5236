package io.mercator.nlp.offensive;

import io.mercator.nlp.lexicon.TermList;
import io.mercator.nlp.text.MappedText;
import io.mercator.nlp.text.Rewrites;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Profanity and insults by word list, with Thai obfuscation undone: spaces between Thai letters
 * dropped ("ค ว ย"), letters repeated for stress squeezed ("สัสสสส"), Latin letters spelled out
 * joined. Each term has a weight in 0..1, how offensive the word is on its own; a term inside a
 * harmless word that contains it ("หีบ", "แม่งาน") does not count.
 *
 * <p>The weights are set by hand; they are not probabilities. The classifiers use the heaviest hit
 * as a feature, and findings take their spans from the hits.
 */
public final class OffensiveLexicon {

    private static final Pattern REPEATS = Pattern.compile("(.)\\1+");

    private final TermList terms;
    private final TermList masks;

    /**
     * @param weights terms with their weights (0 drops a term)
     * @param masks   harmless words containing a term
     */
    public OffensiveLexicon(Map<String, Double> weights, List<String> masks) {
        List<TermList.Term> t = new ArrayList<>();
        weights.forEach((term, w) -> {
            if (w > 0) {
                TermList.Term plain = TermList.term(term, Double.toString(w));
                t.add(new TermList.Term(squeeze(plain.term()), plain.label(), plain.wholeWord()));
            }
        });
        List<TermList.Term> m = new ArrayList<>();
        for (String mask : masks) {
            TermList.Term plain = TermList.term(mask, "mask");
            m.add(new TermList.Term(squeeze(plain.term()), "mask", plain.wholeWord()));
        }
        this.terms = new TermList(t);
        this.masks = new TermList(m);
    }

    /** A term found, with its weight and where it stands in the original text. */
    public record Hit(String term, double weight, int start, int end) {
    }

    /** The hits in a normalised text, heaviest first. */
    public List<Hit> find(MappedText normalized) {
        MappedText view = Rewrites.replaceAll(Rewrites.joinThai(Rewrites.joinSpelledOut(normalized)), REPEATS,
                m -> m.group(1));
        List<TermList.Hit> harmless = masks.find(view.text());
        List<Hit> hits = new ArrayList<>();
        for (TermList.Hit h : terms.find(view.text())) {
            if (harmless.stream().anyMatch(s -> s.start() <= h.start() && h.end() <= s.end())) {
                continue;
            }
            MappedText.Span span = view.originalSpan(h.start(), h.end());
            hits.add(new Hit(h.term().term(), Double.parseDouble(h.term().label()), span.start(), span.end()));
        }
        hits.sort((a, b) -> Double.compare(b.weight(), a.weight()));
        return hits;
    }

    /** The weight of the heaviest hit, 0 without one. */
    public double heaviest(MappedText normalized) {
        List<Hit> hits = find(normalized);
        return hits.isEmpty() ? 0 : hits.get(0).weight();
    }

    static String squeeze(String s) {
        return REPEATS.matcher(s).replaceAll("$1");
    }
}
