package io.mercator.nlp.classify;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a normalised text into a sparse vector for a linear model: word unigrams and bigrams, and
 * character 2- to 5-grams inside each space-separated chunk (which carry misspelt or stretched
 * words), hashed into a fixed number of buckets. Thai is written without spaces between words: a
 * chunk with Thai letters is cut into words by ICU's dictionary-based word breaks, and those words
 * make the unigrams and bigrams. Counts are dampened (log 1+n) and the
 * vector scaled to unit length, so long and short texts weigh alike. Extra features a caller knows
 * (a lexicon hit, say) come after the hashed ones, and a constant 1 last, the model's intercept.
 *
 * @param bits    the hash space is {@code 2^bits} buckets
 * @param extras  how many caller-given features follow the hashed ones
 */
public record HashedNgrams(int bits, int extras) {

    /** The longest character n-gram; 5 beat 4 and 3 in cross-validation on the training rows. */
    private static final int MAX_N = 5;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}\\p{N}]+|[!?$€£฿]");
    private static final Pattern MENTION = Pattern.compile("@[a-z0-9_]+");
    private static final Pattern URL = Pattern.compile("(?:https?://|www\\.)\\S+");

    public HashedNgrams {
        if (bits < 10 || bits > 24) {
            throw new IllegalArgumentException("bits must be 10..24, not " + bits);
        }
    }

    /** The number of features a model over these vectors has. */
    public int dimensions() {
        return (1 << bits) + extras + 1;
    }

    /** The vector of a normalised text, with no extra features. */
    public Feature[] vector(String text) {
        return vector(text, new double[extras]);
    }

    /** The vector of a normalised text, followed by {@code extra} (length {@link #extras()}). */
    public Feature[] vector(String text, double[] extra) {
        if (extra.length != extras) {
            throw new IllegalArgumentException("expected " + extras + " extra features, not " + extra.length);
        }
        int[] grams = gramHashes(text);
        int[] buckets = new int[grams.length];
        int mask = (1 << bits) - 1;
        for (int i = 0; i < grams.length; i++) {
            int h = grams[i];
            buckets[i] = (h ^ (h >>> bits)) & mask;
        }
        Arrays.sort(buckets);
        int size = 0;
        for (int i = 0; i < buckets.length; i++) {
            if (i == 0 || buckets[i] != buckets[i - 1]) {
                size++;
            }
        }
        int[] index = new int[size];
        double[] count = new double[size];
        int k = -1;
        for (int i = 0; i < buckets.length; i++) {
            if (i == 0 || buckets[i] != buckets[i - 1]) {
                index[++k] = buckets[i];
            }
            count[k]++;
        }
        double norm = 0;
        double[] value = new double[size];
        for (int i = 0; i < size; i++) {
            value[i] = Math.log1p(count[i]);
            norm += value[i] * value[i];
        }
        norm = Math.sqrt(norm);
        int nonZeroExtras = 0;
        for (double e : extra) {
            if (e != 0) {
                nonZeroExtras++;
            }
        }
        Feature[] out = new Feature[size + nonZeroExtras + 1];
        for (int i = 0; i < size; i++) {
            out[i] = new FeatureNode(index[i] + 1, norm == 0 ? 0 : value[i] / norm);
        }
        int j = size;
        for (int e = 0; e < extra.length; e++) {
            if (extra[e] != 0) {
                out[j++] = new FeatureNode((1 << bits) + e + 1, extra[e]);
            }
        }
        out[j] = new FeatureNode(dimensions(), 1.0);
        return out;
    }

    /**
     * The last text's grams, per thread: one analysis reads the same text with several models (English
     * and Thai offensive, spam, diversion), and their grams are the same before each folds them into
     * its own hash space.
     */
    private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[2]);

    /** Every gram of the text (with repeats) as its full 32-bit FNV-1a hash, before folding. */
    static int[] gramHashes(String text) {
        Object[] last = LAST.get();
        if (text.equals(last[0])) {
            return (int[]) last[1];
        }
        String cleaned = URL.matcher(MENTION.matcher(text).replaceAll(" @user ")).replaceAll(" url ");
        Grams grams = new Grams();
        Matcher m = WORD.matcher(cleaned);
        String previous = "<s>";
        while (m.find()) {
            String chunk = m.group();
            for (String word : ThaiWords.split(chunk)) {
                grams.add(hash("w:" + word));
                grams.add(hash("b:" + previous + " " + word));
                previous = word;
            }
            String padded = "<" + chunk + ">";
            for (int n = 2; n <= MAX_N; n++) {
                for (int i = 0; i + n <= padded.length(); i++) {
                    grams.add(hash(padded, i, i + n));
                }
            }
        }
        grams.add(hash("b:" + previous + " </s>"));
        int[] out = Arrays.copyOf(grams.values, grams.size);
        last[0] = text;
        last[1] = out;
        return out;
    }

    private static final class Grams {
        int[] values = new int[256];
        int size;

        void add(int h) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = h;
        }
    }

    /** FNV-1a over the UTF-16 units; each model folds it into its hash space. */
    private static int hash(String gram) {
        return hash(gram, 0, gram.length());
    }

    private static int hash(String s, int from, int to) {
        int h = 0x811C9DC5;
        for (int i = from; i < to; i++) {
            h ^= s.charAt(i);
            h *= 0x01000193;
        }
        return h;
    }
}
