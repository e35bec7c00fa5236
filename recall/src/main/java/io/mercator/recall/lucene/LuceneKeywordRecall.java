package io.mercator.recall.lucene;

import io.mercator.recall.KeywordRecall;
import io.mercator.recall.ListingDocument;
import io.mercator.recall.RecallHit;
import io.mercator.recall.analysis.MarketplaceAnalyzer;
import io.vertx.core.Future;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Keyword recall on an embedded, in-memory Lucene index: BM25 over the title (boosted) and the
 * description, both cut by {@link MarketplaceAnalyzer}.
 *
 * <p>Queries are built from the analyzed terms, never parsed, so no user input can be a syntax
 * error: every distinct term (at most {@link #MAX_QUERY_TERMS}) is an optional clause on the title,
 * boosted by {@link #TITLE_BOOST}, and on the description. A listing matching more terms, or
 * matching in the title, scores higher.
 *
 * <p>Futures complete synchronously on the calling thread: an in-memory search takes about a
 * millisecond, yet a {@code search(q, 1000)} is still CPU work, so the ranking pipeline calls it
 * off the event loop. Thread-safe: any number of searches may run while one thread writes.
 */
public final class LuceneKeywordRecall implements KeywordRecall {

    /** Most hits one search returns, whatever the limit asked. */
    public static final int MAX_HITS = 1_000;
    /** A title match weighs this many description matches: titles are short and chosen by the seller. */
    public static final float TITLE_BOOST = 2.0f;
    /** Terms beyond this are ignored; a pasted paragraph should not cost a thousand clauses. */
    public static final int MAX_QUERY_TERMS = 32;

    static final String TITLE = "title";
    static final String DESCRIPTION = "description";

    private final MarketplaceAnalyzer analyzer;
    private final LuceneIndex index;
    private final ListingIds ids = new ListingIds();

    /** An empty index cutting text with the given analyzer (share it with the embedder). */
    public LuceneKeywordRecall(MarketplaceAnalyzer analyzer) {
        this.analyzer = analyzer;
        this.index = new LuceneIndex(analyzer, null);
    }

    public LuceneKeywordRecall() {
        this(new MarketplaceAnalyzer());
    }

    @Override
    public Future<Void> upsert(List<ListingDocument> documents) {
        try {
            for (ListingDocument d : documents) {
                Document doc = new Document();
                ListingIds.addTo(doc, d.listingId());
                doc.add(new TextField(TITLE, nullToEmpty(d.title()), Field.Store.NO));
                doc.add(new TextField(DESCRIPTION, nullToEmpty(d.description()), Field.Store.NO));
                index.writer().updateDocument(ListingIds.term(d.listingId()), doc);
            }
            return Future.succeededFuture();
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public Future<Void> delete(List<String> listingIds) {
        return LuceneIndex.attempt(() ->
                index.writer().deleteDocuments(listingIds.stream().map(ListingIds::term).toArray(Term[]::new)));
    }

    @Override
    public Future<Void> refresh() {
        return LuceneIndex.attempt(index::refresh);
    }

    @Override
    public Future<List<RecallHit>> search(String queryText, int limit) {
        try {
            Query query = query(queryText);
            if (query == null || limit <= 0) {
                return Future.succeededFuture(List.of());
            }
            IndexSearcher searcher = index.acquire();
            try {
                TopDocs top = searcher.search(query, Math.min(limit, MAX_HITS));
                return Future.succeededFuture(ids.toHits(searcher.getIndexReader(), top.scoreDocs, s -> s));
            } finally {
                index.release(searcher);
            }
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }

    /** The query for a text, or null when the text has no searchable term. */
    Query query(String queryText) {
        Set<String> terms = new LinkedHashSet<>(analyzer.terms(queryText));
        if (terms.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        int n = 0;
        for (String t : terms) {
            if (n++ == MAX_QUERY_TERMS) {
                break;
            }
            builder.add(new BoostQuery(new TermQuery(new Term(TITLE, t)), TITLE_BOOST), BooleanClause.Occur.SHOULD);
            builder.add(new TermQuery(new Term(DESCRIPTION, t)), BooleanClause.Occur.SHOULD);
        }
        return builder.build();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public void close() {
        index.close();
    }
}
