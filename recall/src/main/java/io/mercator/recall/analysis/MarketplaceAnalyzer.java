package io.mercator.recall.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.th.ThaiCharFilter;
import org.apache.lucene.analysis.th.ThaiRepeatFilter;
import org.apache.lucene.analysis.th.ThaiTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Thai and English analysis for listing titles, descriptions and queries; the keyword index, the
 * query builder and the hashing embedder all use it, so a query is cut exactly like the listings.
 *
 * <p>Chain: {@link ElongationCharFilter} (สุดดดด to สุด) and Lucene's {@link ThaiCharFilter}
 * (mark-order normalisation) on the characters; {@link ThaiTokenizer} (the JDK dictionary
 * segmenter for Thai runs, word breaks for everything else) with the marketplace brand dictionary
 * ({@link MarketplaceWords#SEGMENTATION_DICTIONARY}); then {@link ThaiRepeatFilter} (ๆ repeats the
 * word before it instead of being a token), lower-casing, Thai digits to ASCII
 * ({@link DecimalDigitFilter}), {@link LetterDigitSplitFilter} (iphone13 also as iphone, 13), stop
 * words of both languages, and {@link EnglishMinimalStemFilter}.
 *
 * <p>Why only minimal English stemming: it folds plurals (phones, shoes, bags), the variation
 * buyers actually produce, while Porter-style stemmers also cut brand and model names
 * (galaxy to galaxi, canon and canonical together) and Thai text needs no stemming. Thread-safe:
 * Lucene's analyzer keeps one token chain per thread.
 */
public final class MarketplaceAnalyzer extends Analyzer {

    private final CharArraySet dictionary = MarketplaceWords.segmentationDictionary();
    private final CharArraySet stopWords = MarketplaceWords.stopWords();

    @Override
    protected Reader initReader(String fieldName, Reader reader) {
        return normaliseCharacters(reader);
    }

    /** The character filters, shared with {@link WordSegmenter} so both cut the same text. */
    static Reader normaliseCharacters(Reader reader) {
        return new ThaiCharFilter(new ElongationCharFilter(reader));
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new ThaiTokenizer(dictionary);
        TokenStream stream = new ThaiRepeatFilter(source);
        stream = new LowerCaseFilter(stream);
        stream = new DecimalDigitFilter(stream);
        stream = new LetterDigitSplitFilter(stream);
        stream = new StopFilter(stream, stopWords);
        stream = new EnglishMinimalStemFilter(stream);
        return new TokenStreamComponents(source, stream);
    }

    /** The terms of a text, in order, duplicates kept; empty for null or blank text. */
    public List<String> terms(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        try (TokenStream ts = tokenStream("text", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            // reading a String cannot fail; a failure here is a bug in a filter
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
