package io.mercator.nlp.classify;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;

import java.util.ArrayList;
import java.util.List;

/**
 * Thai words of a chunk written without spaces, by ICU's dictionary-based word breaks
 * ("ขายบุหรี่ไฟฟ้า" is ขาย, บุหรี่, ไฟฟ้า). A chunk with no Thai letter is one word as it stands.
 * ICU's break iterators are not thread-safe: each thread keeps its own.
 */
final class ThaiWords {

    private static final ThreadLocal<BreakIterator> WORDS =
            ThreadLocal.withInitial(() -> BreakIterator.getWordInstance(new ULocale("th")));

    private ThaiWords() {
    }

    static List<String> split(String chunk) {
        if (!hasThai(chunk)) {
            return List.of(chunk);
        }
        BreakIterator words = WORDS.get();
        words.setText(chunk);
        List<String> out = new ArrayList<>();
        int start = words.first();
        for (int end = words.next(); end != BreakIterator.DONE; start = end, end = words.next()) {
            if (end > start) {
                out.add(chunk.substring(start, end));
            }
        }
        return out;
    }

    private static boolean hasThai(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '\u0E01' && c <= '\u0E5B') {
                return true;
            }
        }
        return false;
    }
}
