package io.mercator.nlp.text;

import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Regex rewrites of a mapped text that keep each character's place in the original. */
public final class Rewrites {

    private Rewrites() {
    }

    /** Replaces every match of {@code pattern} by {@code replacement(match)}, mapped to the match's span. */
    public static MappedText replaceAll(MappedText source, Pattern pattern, Function<MatchResult, String> replacement) {
        Matcher m = pattern.matcher(source.text());
        if (!m.find()) {
            return source;
        }
        MappedText.Builder out = source.derive();
        int at = 0;
        do {
            for (int i = at; i < m.start(); i++) {
                out.keep(i);
            }
            String piece = replacement.apply(m.toMatchResult());
            if (m.end() > m.start()) {
                out.append(piece, m.start(), m.end());
            }
            at = m.end();
        } while (m.find());
        for (int i = at; i < source.length(); i++) {
            out.keep(i);
        }
        return out.build();
    }

    /**
     * Joins letters and digits that are spelled out one at a time ("s h o p 9 9", "l.i.n.e",
     * "0-8-1"): a run of at least three single characters, each separated from the next by one
     * space, dot, dash, underscore or star, becomes one word.
     */
    public static MappedText joinSpelledOut(MappedText source) {
        return replaceAll(source, SPELLED_OUT, m -> m.group().replaceAll("[ ._*\\-]", ""));
    }

    private static final Pattern SPELLED_OUT = Pattern.compile(
            "(?<![\\p{L}\\p{N}])[a-z0-9](?:[ ._*\\-][a-z0-9]){2,}(?![\\p{L}\\p{N}])");

    /** Drops the spaces between Thai characters ("บุ ห รี่ ไฟ ฟ้า" reads "บุหรี่ไฟฟ้า"). */
    public static MappedText joinThai(MappedText source) {
        return replaceAll(source, THAI_GAP, m -> "");
    }

    private static final Pattern THAI_GAP = Pattern.compile("(?<=[\\u0E01-\\u0E4E])[ .\\-_*]+(?=[\\u0E01-\\u0E4E])");
}
