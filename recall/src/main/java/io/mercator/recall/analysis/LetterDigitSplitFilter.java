package io.mercator.recall.analysis;

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

import java.io.IOException;
import java.util.ArrayDeque;

/**
 * Keeps a Latin letters-and-digits token ("iphone13", "256gb", "xt30") and adds its letter and digit
 * runs at the same position ("iphone", "13"), so a listing titled "iPhone13" is found by "iphone 13"
 * and the other way round. Tokens with any other character (Thai, punctuation) pass unchanged:
 * model numbers are written in Latin script in both languages.
 */
final class LetterDigitSplitFilter extends TokenFilter {

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute position = addAttribute(PositionIncrementAttribute.class);
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private State saved;

    LetterDigitSplitFilter(TokenStream in) {
        super(in);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!pending.isEmpty()) {
            restoreState(saved);
            term.setEmpty().append(pending.poll());
            position.setPositionIncrement(0);
            return true;
        }
        if (!input.incrementToken()) {
            return false;
        }
        split();
        if (!pending.isEmpty()) {
            saved = captureState();
        }
        return true;
    }

    private void split() {
        int len = term.length();
        char[] buf = term.buffer();
        for (int i = 0; i < len; i++) {
            char c = buf[i];
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return;
            }
        }
        int start = 0;
        for (int i = 1; i <= len; i++) {
            if (i == len || isDigit(buf[i]) != isDigit(buf[i - 1])) {
                if (start > 0 || i < len) {
                    pending.add(new String(buf, start, i - start));
                }
                start = i;
            }
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        pending.clear();
        saved = null;
    }
}
