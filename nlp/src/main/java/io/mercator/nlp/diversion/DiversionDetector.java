package io.mercator.nlp.diversion;

import io.mercator.nlp.Finding;
import io.mercator.nlp.text.MappedText;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Attempts to take a buyer off the platform, where scams happen: phone numbers, LINE IDs, links,
 * e-mail addresses, social handles and payment outside the app, however they are disguised.
 * Libraries do what they can (libphonenumber says what is a phone number, autolink finds links
 * and e-mail addresses); hand-written rules ({@link ContactRules}) cover the rest. The confidence of
 * each finding is set by hand per rule, not learned: no labelled diversion data exists to learn it.
 */
public final class DiversionDetector {

    private final List<DiversionRule> rules;

    public DiversionDetector() {
        List<DiversionRule> all = new ArrayList<>();
        all.add(new PhoneNumbers());
        all.add(new Links());
        all.addAll(ContactRules.all());
        this.rules = List.copyOf(all);
    }

    /** The findings in a normalised text, one per span and type, in order of where they start. */
    public List<Finding> find(MappedText normalized) {
        DiversionViews views = DiversionViews.of(normalized);
        List<Finding> found = new ArrayList<>();
        for (DiversionRule rule : rules) {
            rule.find(views, found);
        }
        return withoutOverlaps(found);
    }

    /** Of findings of one type that overlap, the most confident (then the longest) stays. */
    static List<Finding> withoutOverlaps(List<Finding> found) {
        found.sort(Comparator.comparingDouble(Finding::confidence).reversed()
                .thenComparing(Comparator.comparingInt((Finding f) -> f.end() - f.start()).reversed()));
        List<Finding> kept = new ArrayList<>();
        for (Finding f : found) {
            boolean overlaps = kept.stream().anyMatch(k -> k.type().equals(f.type()) && k.start() < f.end() && f.start() < k.end());
            if (!overlaps) {
                kept.add(f);
            }
        }
        kept.sort(Comparator.comparingInt(Finding::start));
        return kept;
    }
}
