package io.mercator.ranking.candidate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A candidate's score from each recall source that found it: an immutable list of (source,
 * score), one or two long in practice. Recall makes one per hit, hundreds per request, so it is a
 * pair of fields, not a map of boxed doubles copied again at the merge.
 */
public final class RecallScores {

    private final String source;
    private final double score;
    /** The scores of the sources before this one; null at the end. */
    private final RecallScores rest;

    private RecallScores(String source, double score, RecallScores rest) {
        this.source = Objects.requireNonNull(source, "source");
        this.score = score;
        this.rest = rest;
    }

    /** One source's score. */
    public static RecallScores of(String source, double score) {
        return new RecallScores(source, score, null);
    }

    /** These scores and {@code other}'s; a source both have keeps the score in {@code other}. */
    public RecallScores with(RecallScores other) {
        RecallScores out = this;
        for (RecallScores s = other; s != null; s = s.rest) {
            out = out.contains(s.source) ? out.replaced(s.source, s.score) : new RecallScores(s.source, s.score, out);
        }
        return out;
    }

    /** A copy with the source's score changed; the source must be present. */
    private RecallScores replaced(String src, double newScore) {
        return source.equals(src) ? new RecallScores(src, newScore, rest)
                : new RecallScores(source, score, rest.replaced(src, newScore));
    }

    /** The source's score, or {@code ifAbsent} when it did not find the candidate. */
    public double get(String src, double ifAbsent) {
        for (RecallScores s = this; s != null; s = s.rest) {
            if (s.source.equals(src)) {
                return s.score;
            }
        }
        return ifAbsent;
    }

    public boolean contains(String src) {
        for (RecallScores s = this; s != null; s = s.rest) {
            if (s.source.equals(src)) {
                return true;
            }
        }
        return false;
    }

    /** The sources that found the candidate, latest first. */
    public List<String> sources() {
        List<String> out = new ArrayList<>(2);
        for (RecallScores s = this; s != null; s = s.rest) {
            out.add(s.source);
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (RecallScores s = this; s != null; s = s.rest) {
            b.append(b.length() > 1 ? ", " : "").append(s.source).append('=').append(s.score);
        }
        return b.append('}').toString();
    }
}
