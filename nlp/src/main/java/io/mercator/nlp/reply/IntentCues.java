package io.mercator.nlp.reply;

import io.mercator.nlp.lexicon.TermList;
import io.mercator.nlp.model.TextModels;
import io.mercator.nlp.text.MappedText;
import io.mercator.nlp.text.Rewrites;

/**
 * Words that point at what a buyer asks ({@code lexicon/intent-cues.tsv}): per intent, how many of
 * its cues a message has (capped at 2). The intent classifier takes them beside its n-grams, so a
 * cue it saw in few training messages ("lalamove", "มัดจำ") still counts.
 */
public final class IntentCues {

    private final TermList cues = TermList.resource("/io/mercator/nlp/lexicon/intent-cues.tsv", null);

    public static int featureCount() {
        return TextModels.INTENTS.size();
    }

    public double[] features(MappedText normalized) {
        double[] f = new double[featureCount()];
        for (TermList.Hit h : cues.find(Rewrites.joinThai(normalized).text())) {
            int i = TextModels.INTENTS.indexOf(h.term().label());
            f[i] = Math.min(2, f[i] + 1);
        }
        return f;
    }
}
