package io.mercator.recall.analysis;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.th.ThaiTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The word-cutting stage of {@link MarketplaceAnalyzer} on its own, with offsets into the original
 * text: what the segmentation evaluation scores. Stop words, lower-casing and the repeat mark are
 * left out on purpose, since they change which words are kept, not where words end.
 */
public final class WordSegmenter {

    /** Which segmenter: the plain JDK dictionary, or the marketplace chain (for comparisons). */
    public enum Variant {
        /** Lucene's {@link ThaiTokenizer} over the raw text. */
        JDK_DICTIONARY,
        /** Elongation and mark-order normalisation before the JDK dictionary. */
        NORMALISED,
        /** Normalisation plus the marketplace brand dictionary: what the analyzer uses. */
        MARKETPLACE
    }

    /** One word and where it lies in the original text (end exclusive). */
    public record Word(String text, int start, int end) {
    }

    private final Variant variant;
    private final CharArraySet dictionary = MarketplaceWords.segmentationDictionary();

    public WordSegmenter(Variant variant) {
        this.variant = variant;
    }

    /** Words of the text in order; punctuation, spaces and symbols are not words. */
    public List<Word> words(String text) {
        List<Word> out = new ArrayList<>();
        Reader reader = new StringReader(text);
        if (variant != Variant.JDK_DICTIONARY) {
            reader = MarketplaceAnalyzer.normaliseCharacters(reader);
        }
        try (Tokenizer tokenizer = variant == Variant.MARKETPLACE ? new ThaiTokenizer(dictionary) : new ThaiTokenizer()) {
            tokenizer.setReader(reader);
            CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = tokenizer.addAttribute(OffsetAttribute.class);
            tokenizer.reset();
            while (tokenizer.incrementToken()) {
                out.add(new Word(term.toString(), offset.startOffset(), offset.endOffset()));
            }
            tokenizer.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
