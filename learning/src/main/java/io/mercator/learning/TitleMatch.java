package io.mercator.learning;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * How much of a search query a listing title covers, without a Thai word segmenter.
 *
 * <p>Text is lower-cased and split on anything that is neither a letter, a digit nor a Thai
 * character. Latin tokens are kept whole. Thai is written without spaces between words, so a
 * Thai token is turned into its character bigrams instead: two strings that share a Thai word
 * share its bigrams wherever the word sits. The match is the share of the query's distinct terms
 * found in the title, in [0,1].
 */
public final class TitleMatch {

    private TitleMatch() {
    }

    /** The terms of a text: whole Latin/digit tokens and Thai character bigrams. */
    public static Set<String> terms(String text) {
        Set<String> out = new HashSet<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        String s = text.toLowerCase(Locale.ROOT);
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            boolean word = i < s.length() && isWordChar(s.charAt(i));
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                addToken(s.substring(start, i), out);
                start = -1;
            }
        }
        return out;
    }

    private static void addToken(String token, Set<String> out) {
        if (!hasThai(token) || token.length() < 2) {
            out.add(token);
            return;
        }
        for (int i = 0; i + 2 <= token.length(); i++) {
            out.add(token.substring(i, i + 2));
        }
    }

    /** Share of the query's terms present in the title; 0 when the query has none. */
    public static double overlap(Set<String> queryTerms, String title) {
        if (queryTerms.isEmpty() || title == null) {
            return 0;
        }
        Set<String> titleTerms = terms(title);
        int hits = 0;
        for (String t : queryTerms) {
            if (titleTerms.contains(t)) {
                hits++;
            }
        }
        return (double) hits / queryTerms.size();
    }

    static boolean isThai(char c) {
        return c >= '\u0E00' && c <= '\u0E7F';
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || isThai(c);
    }

    private static boolean hasThai(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isThai(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
