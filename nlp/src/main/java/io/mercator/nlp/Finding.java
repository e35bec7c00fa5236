package io.mercator.nlp;

/**
 * One thing found in a text: what kind of harm, which type of it, where in the original text
 * ({@code [start, end)}, UTF-16 indexes, so a console can highlight the span), the original text
 * there, and how sure the detector is (0..1).
 */
public record Finding(Kind kind, String type, int start, int end, String evidence, double confidence) {

    public Finding {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    /** The kinds of harm a text can carry; wire names are lower case. */
    public enum Kind {
        DIVERSION, PROHIBITED, OFFENSIVE, SPAM;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
