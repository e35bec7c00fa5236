package io.mercator.nlp.text;

import java.util.Arrays;

/**
 * A text derived from an original (normalised, de-spaced, with spelled-out digits as digits...)
 * that remembers, for each of its characters, the span of the original it came from. Detectors
 * work on the derived text and report spans of the original, so a console can highlight exactly
 * what the seller wrote.
 *
 * @param original the text as it was received
 * @param text     the derived text
 * @param from     for each character of {@code text}, where its source starts in {@code original}
 * @param to       for each character of {@code text}, where its source ends (exclusive)
 */
public record MappedText(String original, String text, int[] from, int[] to) {

    public MappedText {
        if (from.length != text.length() || to.length != text.length()) {
            throw new IllegalArgumentException("one original span per derived character");
        }
    }

    /** The original itself, each character mapped to itself. */
    public static MappedText identity(String original) {
        int[] from = new int[original.length()];
        int[] to = new int[original.length()];
        for (int i = 0; i < from.length; i++) {
            from[i] = i;
            to[i] = i + 1;
        }
        return new MappedText(original, original, from, to);
    }

    /** Where derived characters {@code [start, end)} came from in the original, as {@code [from, to)}. */
    public Span originalSpan(int start, int end) {
        if (start < 0 || end > text.length() || start >= end) {
            throw new IllegalArgumentException("bad derived span [" + start + ", " + end + ") of " + text.length());
        }
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        for (int i = start; i < end; i++) {
            lo = Math.min(lo, from[i]);
            hi = Math.max(hi, to[i]);
        }
        return new Span(lo, hi);
    }

    /** The original's text under derived characters {@code [start, end)}. */
    public String originalText(int start, int end) {
        Span span = originalSpan(start, end);
        return original.substring(span.start(), span.end());
    }

    /** Builds a derived text from this one, piece by piece, keeping the spans. */
    public Builder derive() {
        return new Builder(this);
    }

    public int length() {
        return text.length();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MappedText m && original.equals(m.original) && text.equals(m.text)
                && Arrays.equals(from, m.from) && Arrays.equals(to, m.to);
    }

    @Override
    public int hashCode() {
        return 31 * original.hashCode() + text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    /** A span of the original text, {@code [start, end)}. */
    public record Span(int start, int end) {
    }

    /**
     * Appends pieces of the derived text, each with the derived characters of the source it came
     * from; the spans compose, so a text derived from a derived text still points at the original.
     */
    public static final class Builder {
        private final MappedText source;
        private final StringBuilder text = new StringBuilder();
        private int[] from = new int[16];
        private int[] to = new int[16];

        private Builder(MappedText source) {
            this.source = source;
        }

        /** Appends {@code piece}, which stands for source characters {@code [start, end)}. */
        public Builder append(CharSequence piece, int start, int end) {
            if (piece.isEmpty()) {
                return this;
            }
            Span span = source.originalSpan(start, end);
            for (int i = 0; i < piece.length(); i++) {
                add(piece.charAt(i), span.start(), span.end());
            }
            return this;
        }

        /** Appends source character {@code i} unchanged. */
        public Builder keep(int i) {
            add(source.text.charAt(i), source.from[i], source.to[i]);
            return this;
        }

        public int length() {
            return text.length();
        }

        public char lastChar() {
            return text.isEmpty() ? '\0' : text.charAt(text.length() - 1);
        }

        private void add(char c, int lo, int hi) {
            int n = text.length();
            if (n == from.length) {
                from = Arrays.copyOf(from, n * 2);
                to = Arrays.copyOf(to, n * 2);
            }
            text.append(c);
            from[n] = lo;
            to[n] = hi;
        }

        public MappedText build() {
            int n = text.length();
            return new MappedText(source.original, text.toString(), Arrays.copyOf(from, n), Arrays.copyOf(to, n));
        }
    }
}
