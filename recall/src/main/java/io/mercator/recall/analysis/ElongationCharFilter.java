package io.mercator.recall.analysis;

import org.apache.lucene.analysis.charfilter.BaseCharFilter;

import java.io.IOException;
import java.io.Reader;

/**
 * Collapses a run of three or more identical Thai characters to one ("สุดดดด" becomes "สุด").
 *
 * <p>Why: Thai social and marketplace text stretches words for emphasis. The JDK dictionary
 * segmenter splits the stretch into one-letter "words" (สุด|ด|ด|ด) that match nothing and pollute
 * BM25 and the hashing embedder. No Thai word repeats a letter three times, so the rule is safe for
 * Thai; Latin letters and digits are left alone ("XXXL", "1000" and "5555" keep their meaning).
 * Offsets are corrected, so highlights and segment boundaries point into the original text.
 *
 * <p>The whole input is read on the first {@code read}: fields are titles and descriptions, short
 * enough that buffering is cheaper than the bookkeeping of a streaming filter.
 */
final class ElongationCharFilter extends BaseCharFilter {

    /** Runs at least this long are collapsed. */
    private static final int MIN_RUN = 3;

    private String output;
    private int position;

    ElongationCharFilter(Reader in) {
        super(in);
    }

    /** Thai consonants, vowels and marks; not Thai digits and not the repeat mark ๆ (its own token). */
    static boolean isThaiLetter(char c) {
        return c >= '\u0E01' && c <= '\u0E4E' && c != '\u0E46';
    }

    private void fill() throws IOException {
        StringBuilder source = new StringBuilder();
        char[] buffer = new char[1024];
        int n;
        while ((n = input.read(buffer)) != -1) {
            source.append(buffer, 0, n);
        }
        StringBuilder out = new StringBuilder(source.length());
        int removed = 0;
        for (int i = 0; i < source.length(); ) {
            char c = source.charAt(i);
            int j = i + 1;
            while (j < source.length() && source.charAt(j) == c) {
                j++;
            }
            int run = j - i;
            if (run >= MIN_RUN && isThaiLetter(c)) {
                out.append(c);
                removed += run - 1;
                // output offsets from here on map to input offsets 'removed' chars further
                addOffCorrectMap(out.length(), removed);
            } else {
                out.append(source, i, j);
            }
            i = j;
        }
        output = out.toString();
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (output == null) {
            fill();
        }
        if (position >= output.length()) {
            return -1;
        }
        int n = Math.min(len, output.length() - position);
        output.getChars(position, position + n, cbuf, off);
        position += n;
        return n;
    }
}
