package io.mercator.recall.lucene;

import io.mercator.recall.RecallHit;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleUnaryOperator;

/**
 * The listing-id field of both Lucene indexes and the doc-id to listing-id lookup.
 *
 * <p>Why a cache: turning 1,000 hits into ids through stored fields decompresses a block per hit,
 * and doc values need the hits re-sorted by doc id. A segment's documents never change (deletes only
 * hide them), so each segment's ids are read once into an array keyed by the segment core and
 * dropped when the core closes. A fresh NRT segment costs one pass over its (few) documents.
 */
final class ListingIds {

    static final String FIELD = "id";

    private final Map<Object, String[]> bySegment = new ConcurrentHashMap<>();

    /** The id as a term for update/delete and as doc values for the lookup. */
    static void addTo(Document doc, String listingId) {
        doc.add(new StringField(FIELD, listingId, Field.Store.NO));
        doc.add(new SortedDocValuesField(FIELD, new BytesRef(listingId)));
    }

    static Term term(String listingId) {
        return new Term(FIELD, listingId);
    }

    /** Hits in the order given, each with its listing id and the score mapped by {@code score}. */
    List<RecallHit> toHits(IndexReader reader, ScoreDoc[] docs, DoubleUnaryOperator score) throws IOException {
        List<LeafReaderContext> leaves = reader.leaves();
        List<RecallHit> out = new ArrayList<>(docs.length);
        for (ScoreDoc d : docs) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(d.doc, leaves));
            String id = idsOf(leaf.reader())[d.doc - leaf.docBase];
            out.add(new RecallHit(id, score.applyAsDouble(d.score)));
        }
        return out;
    }

    private String[] idsOf(LeafReader reader) throws IOException {
        IndexReader.CacheHelper helper = reader.getCoreCacheHelper();
        Object key = helper.getKey();
        String[] ids = bySegment.get(key);
        if (ids == null) {
            ids = read(reader);
            if (bySegment.putIfAbsent(key, ids) == null) {
                helper.addClosedListener(bySegment::remove);
            }
        }
        return ids;
    }

    private static String[] read(LeafReader reader) throws IOException {
        String[] ids = new String[reader.maxDoc()];
        SortedDocValues values = DocValues.getSorted(reader, FIELD);
        String[] byOrd = new String[values.getValueCount()];
        for (int doc = values.nextDoc(); doc != SortedDocValues.NO_MORE_DOCS; doc = values.nextDoc()) {
            int ord = values.ordValue();
            if (byOrd[ord] == null) {
                byOrd[ord] = values.lookupOrd(ord).utf8ToString();
            }
            ids[doc] = byOrd[ord];
        }
        return ids;
    }
}
