package io.mercator.nlp.text;

import java.util.Locale;

/**
 * The language of a text by its letters' scripts: Thai letters against Latin ones. A rule, not a
 * model: on this marketplace a text is Thai, English, or both mixed, and the script says which.
 */
public enum Lang {
    TH, EN, MIXED, OTHER;

    /** Share of the letters that must be in one script for the text to count as that language. */
    static final double DOMINANT = 0.85;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Lang of(CharSequence text) {
        int thai = 0;
        int latin = 0;
        int other = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (TextNormalizer.isThaiLetter(c)) {
                thai++;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                latin++;
            } else if (Character.isLetter(c)) {
                other++;
            }
        }
        int letters = thai + latin + other;
        if (letters == 0 || other > thai + latin) {
            return OTHER;
        }
        if (thai >= DOMINANT * (thai + latin)) {
            return TH;
        }
        if (latin >= DOMINANT * (thai + latin)) {
            return EN;
        }
        return MIXED;
    }
}
