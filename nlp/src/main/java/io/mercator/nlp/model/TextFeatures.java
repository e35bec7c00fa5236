package io.mercator.nlp.model;

import de.bwaldvogel.liblinear.Feature;
import io.mercator.nlp.offensive.OffensiveLexicon;
import io.mercator.nlp.prohibited.ProhibitedLexicon;
import io.mercator.nlp.reply.IntentCues;
import io.mercator.nlp.text.MappedText;

/**
 * The one place each model's input vector is made, so training and serving cannot drift apart:
 * hashed n-grams of the normalised text, plus the lexicon features each model takes.
 */
public final class TextFeatures {

    private final OffensiveLexicon thai;
    private final OffensiveLexicon english;
    private final ProhibitedLexicon prohibited;
    private final IntentCues cues = new IntentCues();

    public TextFeatures(TextModels.ProfanityWords words, ProhibitedLexicon prohibited) {
        this.thai = words.thaiLexicon();
        this.english = words.englishLexicon();
        this.prohibited = prohibited;
    }

    public OffensiveLexicon thaiLexicon() {
        return thai;
    }

    public OffensiveLexicon englishLexicon() {
        return english;
    }

    public ProhibitedLexicon prohibitedLexicon() {
        return prohibited;
    }

    /** English offensive language: n-grams and the heaviest English profanity hit. */
    public Feature[] offensiveEn(MappedText normalized) {
        return TextModels.OFFENSIVE_FEATURES.vector(normalized.text(), new double[]{english.heaviest(normalized)});
    }

    /** Thai offensive language: n-grams and the heaviest Thai profanity hit (obfuscation undone). */
    public Feature[] offensiveTh(MappedText normalized) {
        return TextModels.OFFENSIVE_FEATURES.vector(normalized.text(), new double[]{thai.heaviest(normalized)});
    }

    /** How many message-shape features the spam model adds to its n-grams. */
    public static final int SPAM_EXTRAS = 5;
    private static final java.util.regex.Pattern LONG_NUMBER = java.util.regex.Pattern.compile("\\d{5,}");
    private static final java.util.regex.Pattern LINK = java.util.regex.Pattern.compile("https?://|www\\.|\\.(?:com|net|co\\.uk|biz)\\b");

    /**
     * Spam and scams: n-grams, and the shape of the message: long numbers (premium lines, short
     * codes), a currency sign, a link, the share of capital letters as written, and exclamation marks.
     */
    public Feature[] spam(MappedText normalized) {
        String text = normalized.text();
        String original = normalized.original();
        int letters = 0;
        int upper = 0;
        for (int i = 0; i < original.length(); i++) {
            char c = original.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                upper += Character.isUpperCase(c) ? 1 : 0;
            }
        }
        double[] extras = {
                Math.log1p(LONG_NUMBER.matcher(text).results().count()),
                text.matches("(?s).*[£$€฿].*") ? 1 : 0,
                LINK.matcher(text).find() ? 1 : 0,
                letters == 0 ? 0 : (double) upper / letters,
                Math.log1p(text.chars().filter(c -> c == '!').count())};
        return TextModels.SPAM_FEATURES.vector(text, extras);
    }

    /** Prohibited goods: n-grams of the de-obfuscated view, hits per type and whether a look-alike stands there. */
    public Feature[] prohibited(ProhibitedLexicon.Reading reading) {
        return TextModels.PROHIBITED_FEATURES.vector(reading.view().text(), reading.features());
    }

    /** Diversion: n-grams of the text with letters spelled out one by one joined ("l i n e" reads "line"). */
    public Feature[] diversion(MappedText normalized) {
        return TextModels.DIVERSION_FEATURES.vector(io.mercator.nlp.text.Rewrites.joinSpelledOut(normalized).text());
    }

    /** A buyer's intent: n-grams and how many cues of each intent the message has. */
    public Feature[] intent(MappedText normalized) {
        return TextModels.INTENT_FEATURES.vector(normalized.text(), cues.features(normalized));
    }
}
