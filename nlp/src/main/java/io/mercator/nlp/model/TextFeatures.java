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

    public Feature[] spam(MappedText normalized) {
        return TextModels.SPAM_FEATURES.vector(normalized.text());
    }

    /** Prohibited goods: n-grams of the de-obfuscated view, hits per type and whether a look-alike stands there. */
    public Feature[] prohibited(ProhibitedLexicon.Reading reading) {
        return TextModels.PROHIBITED_FEATURES.vector(reading.view().text(), reading.features());
    }

    /** A buyer's intent: n-grams and how many cues of each intent the message has. */
    public Feature[] intent(MappedText normalized) {
        return TextModels.INTENT_FEATURES.vector(normalized.text(), cues.features(normalized));
    }
}
