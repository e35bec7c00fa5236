package io.mercator.recall.projection;

import io.mercator.catalog.ListingReviews;
import io.mercator.events.Event;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.events.payload.TextPayload;
import io.mercator.events.projection.Projection;
import io.mercator.recall.KeywordRecall;
import io.mercator.recall.ListingDocument;
import io.mercator.recall.VectorRecall;
import io.mercator.recall.embedding.ListingEmbeddings;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the keyword and vector recall indexes in step with the listing events, through the ports
 * only, so the same projection later drives Elasticsearch and Milvus.
 *
 * <p>What it follows: {@code listing.published} indexes; {@code listing.updated} re-indexes when the
 * title or description changed (price and stock are read by ranking from the catalog, so they do
 * not cost an index write); {@code listing.removed} and {@code moderation.decided: remove} delete,
 * a {@code text.analyzed} hold withholds until a moderator decides, and a later
 * {@code moderation.decided: approve} (an appeal upheld) indexes the listing again. Decisions and
 * analyses count whichever is read first, the listing or they ({@link ListingReviews}): on Kafka
 * they are other topics than the listing's.
 * Seller bans, category bans, stock and distance are filtered later by the ranking pipeline, so a
 * lifted ban needs no re-indexing.
 *
 * <p>How: the projection keeps each live listing's document (a pure function of the events; an
 * update names only changed fields) and, per apply batch, the set of listings it touched. It then
 * writes the final state of each touched listing once: one {@code upsert} and one {@code delete}
 * per port, then {@code refresh}. If a write fails, the touched set is kept and written again with
 * the next apply (the runner retries the same batch; applying its events to the documents again
 * changes nothing, every change being a put or a removal), so the indexes cannot silently miss a
 * change.
 */
public final class RecallIndexProjection implements Projection {


    private final KeywordRecall keyword;
    private final VectorRecall vector;
    private final ListingEmbeddings embeddings;
    private final Map<String, ListingDocument> live = new HashMap<>();
    /** Documents of listings a moderator removed or text analysis holds, kept in case a later decision approves them. */
    private final Map<String, ListingDocument> withheld = new HashMap<>();
    /** What moderators and text analysis said of each listing, whenever it came (applying thread only). */
    private final ListingReviews reviews = new ListingReviews();
    /** Listings whose index state may differ from {@link #live}; only the applying thread touches it. */
    private final Set<String> unsynced = new LinkedHashSet<>();

    public RecallIndexProjection(KeywordRecall keyword, VectorRecall vector, ListingEmbeddings embeddings) {
        this.keyword = keyword;
        this.vector = vector;
        this.embeddings = embeddings;
    }

    @Override
    public String id() {
        return "recall-index";
    }

    @Override
    public Future<Void> apply(List<LogRecord> batch) {
        try {
            for (LogRecord r : batch) {
                Event e = r.event();
                // only listing and moderation events change the indexes
                io.mercator.events.EventFamily family = e.type().family();
                if (family == io.mercator.events.EventFamily.LISTING || family == io.mercator.events.EventFamily.MODERATION
                        || family == io.mercator.events.EventFamily.TEXT) {
                    applyOne(e);
                }
            }
        } catch (RuntimeException ex) {
            return Future.failedFuture(ex);
        }
        return sync();
    }

    private void applyOne(Event e) {
        String id = e.key();
        switch (e.data()) {
            case ListingPayload.Published p -> {
                ListingDocument doc = new ListingDocument(id, p.title(), p.description(), p.category(), p.sellerId(),
                        p.lat(), p.lon(), p.price());
                embeddings.update(id, p.title(), p.category());
                if (reviews.withheld(id, p.title(), p.description())) {
                    withheld.put(id, doc); // decided or held before the listing was read
                } else {
                    live.put(id, doc);
                    unsynced.add(id);
                }
            }
            case ListingPayload.Updated u -> {
                // a withheld listing is kept up to date too, in case it is approved later
                Map<String, ListingDocument> held = live.containsKey(id) ? live : withheld;
                ListingDocument d = held.get(id);
                if (d == null) {
                    return; // removed, or never published: nothing to index
                }
                boolean textChanged = held == live && (u.title() != null && !u.title().equals(d.title())
                        || u.description() != null && !u.description().equals(d.description()));
                held.put(id, new ListingDocument(id,
                        u.title() != null ? u.title() : d.title(),
                        u.description() != null ? u.description() : d.description(),
                        d.category(), d.sellerId(), d.lat(), d.lon(),
                        u.price() != null ? u.price() : d.price()));
                if (u.title() != null && !u.title().equals(d.title())) {
                    embeddings.update(id, u.title(), d.category());
                }
                if (textChanged) {
                    unsynced.add(id);
                }
                review(id); // a hold of the old text stays until the new one is analysed
            }
            case ListingPayload.Removed ignored -> {
                withheld.remove(id);
                remove(id);
            }
            // moderators' decisions and text analysis withhold a listing or let it back, whichever
            // family is read first (ListingReviews)
            case ModerationPayload.Decided d -> {
                reviews.decided(id, d.removes(), ModerationPayload.Decided.BAN_SELLER.equals(d.decision()), e.ts());
                review(id);
            }
            case TextPayload.Analyzed a -> {
                reviews.analyzed(id, a.textHash(), e.ts(), a.hold());
                review(id);
            }
            default -> {
                // other families do not change what is recalled
            }
        }
    }

    /** Moves the listing between the index and the withheld ones as its reviews say. */
    private void review(String id) {
        ListingDocument doc = live.containsKey(id) ? live.get(id) : withheld.get(id);
        if (doc == null) {
            return;
        }
        boolean out = reviews.withheld(id, doc.title(), doc.description());
        if (out && live.containsKey(id)) {
            withhold(id);
        } else if (!out && withheld.containsKey(id)) {
            reinstate(id);
        }
    }

    private void withhold(String id) {
        ListingDocument doc = live.get(id);
        if (doc != null) {
            withheld.put(id, doc);
            remove(id);
        }
    }

    private void reinstate(String id) {
        ListingDocument doc = withheld.remove(id);
        if (doc != null) {
            live.put(id, doc);
            unsynced.add(id);
        }
    }

    private void remove(String id) {
        if (live.remove(id) != null) {
            unsynced.add(id);
        }
    }

    /** Writes the current state of every unsynced listing to both ports, then refreshes them. */
    private Future<Void> sync() {
        if (unsynced.isEmpty()) {
            return Future.succeededFuture();
        }
        List<String> written = List.copyOf(unsynced);
        List<ListingDocument> documents = new ArrayList<>();
        List<VectorRecall.Entry> entries = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (String id : written) {
            ListingDocument d = live.get(id);
            if (d == null) {
                deleted.add(id);
            } else {
                documents.add(d);
                float[] v = embeddings.get(id).orElseGet(() -> embeddings.update(id, d.title(), d.category()));
                entries.add(new VectorRecall.Entry(id, v));
            }
        }
        Future<Void> keywordDone = (documents.isEmpty() ? Future.<Void>succeededFuture() : keyword.upsert(documents))
                .compose(x -> deleted.isEmpty() ? Future.<Void>succeededFuture() : keyword.delete(deleted))
                .compose(x -> keyword.refresh());
        Future<Void> vectorDone = (entries.isEmpty() ? Future.<Void>succeededFuture() : vector.upsert(entries))
                .compose(x -> deleted.isEmpty() ? Future.<Void>succeededFuture() : vector.delete(deleted))
                .compose(x -> vector.refresh());
        // cleared inside map, before the returned future completes, so the next apply sees it
        return Future.all(keywordDone, vectorDone).map(ok -> {
            written.forEach(unsynced::remove);
            return null;
        });
    }

    /** Number of listings the projection holds as live (indexed, or about to be). */
    public int liveCount() {
        return live.size();
    }
}
