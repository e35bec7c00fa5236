package io.mercator.recall.projection;

import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.recall.RecallHit;
import io.mercator.recall.analysis.MarketplaceAnalyzer;
import io.mercator.recall.embedding.HashingTextEmbedder;
import io.mercator.recall.embedding.ListingEmbeddings;
import io.mercator.recall.embedding.QueryVectors;
import io.mercator.recall.embedding.UserVectors;
import io.mercator.recall.lucene.LuceneKeywordRecall;
import io.mercator.recall.lucene.LuceneVectorRecall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.mercator.recall.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

class RecallIndexProjectionTest {

    private final MarketplaceAnalyzer analyzer = new MarketplaceAnalyzer();
    private final HashingTextEmbedder embedder = new HashingTextEmbedder(analyzer);
    private final ListingEmbeddings embeddings = new ListingEmbeddings(embedder);
    private final LuceneKeywordRecall keyword = new LuceneKeywordRecall(analyzer);
    private final LuceneVectorRecall vector = new LuceneVectorRecall(embedder.dimension());
    private final RecallIndexProjection projection = new RecallIndexProjection(keyword, vector, embeddings);

    @AfterEach
    void close() {
        keyword.close();
        vector.close();
    }

    private static ListingPayload.Published published(String title) {
        return new ListingPayload.Published("S-1", title, "ของแท้ สภาพดี", "th", "mobile-phones", 9000, "good", 1,
                List.of(), "Bangkok", 13.75, 100.5);
    }

    private List<String> keywordIds(String q) {
        return result(keyword.search(q, 10)).stream().map(RecallHit::listingId).toList();
    }

    private List<String> vectorIds(String q) {
        float[] v = new QueryVectors(embedder).of(q).orElseThrow();
        return result(vector.nearest(v, 10)).stream().map(RecallHit::listingId).toList();
    }

    @Test
    void publishedListingsBecomeSearchableInBothIndexes() {
        result(projection.apply(new RecallEvents()
                .add("e1", "L-1", published("ไอโฟน 13 สีดำ"))
                .add("e2", "L-2", published("Canon EOS 80D กล้อง"))
                .records()));
        assertThat(keywordIds("ไอโฟน")).containsExactly("L-1");
        assertThat(vectorIds("ไอโฟน 13").get(0)).isEqualTo("L-1");
        assertThat(embeddings.get("L-2")).isPresent();
    }

    @Test
    void removedAndModeratedListingsAreGone() {
        result(projection.apply(new RecallEvents()
                .add("e1", "L-1", published("ไอโฟน 13"))
                .add("e2", "L-2", published("ไอโฟน 12"))
                .add("e3", "L-3", published("ไอโฟน 11"))
                .records()));
        result(projection.apply(new RecallEvents()
                .add("e4", "L-1", new ListingPayload.Removed("sold"))
                .add("e5", "L-2", new ModerationPayload.Decided("remove"))
                .add("e6", "L-3", new ModerationPayload.Decided("approve"))
                .records()));
        assertThat(keywordIds("ไอโฟน")).containsExactly("L-3");
        assertThat(vectorIds("ไอโฟน")).containsExactly("L-3");
        assertThat(projection.liveCount()).isEqualTo(1);
    }

    @Test
    void aTextHoldWithholdsAListingUntilApprovedOrAnalysedClean() {
        result(projection.apply(new RecallEvents()
                .add("e1", "L-1", published("ไอโฟน 13"))
                .add("e2", "L-2", published("ไอโฟน 12"))
                .records()));
        result(projection.apply(new RecallEvents()
                .add("e3", "L-1", held(true))
                .add("e4", "L-2", held(true))
                .records()));
        assertThat(keywordIds("ไอโฟน")).isEmpty();
        result(projection.apply(new RecallEvents()
                .add("e5", "L-1", new ModerationPayload.Decided("approve"))
                .add("e6", "L-2", held(false))
                .records()));
        assertThat(keywordIds("ไอโฟน")).containsExactlyInAnyOrder("L-1", "L-2");
        assertThat(vectorIds("ไอโฟน")).containsExactlyInAnyOrder("L-1", "L-2");
    }

    private static io.mercator.events.payload.TextPayload.Analyzed held(boolean hold) {
        return new io.mercator.events.payload.TextPayload.Analyzed("h", hold ? 0.02 : 0.9, hold ? "block" : "allow", "th",
                java.util.Map.of(), List.of(), "t-1", hold);
    }

    /**
     * On Kafka a listing's analyses and decisions are other topics than the listing: a replay can
     * read them first. What is indexed must not depend on it.
     */
    @Test
    void decisionsAndHoldsReadBeforeTheirListingCountTheSame() {
        RecallEvents judgements = new RecallEvents()
                .add("e1", "L-1", held(true))                                   // held, then approved
                .add("e2", "L-1", new ModerationPayload.Decided("approve"))
                .add("e3", "L-2", held(true))                                   // held
                .add("e4", "L-3", new ModerationPayload.Decided("remove"))      // removed
                .add("e5", "L-4", held(false));                                 // analysed clean
        RecallEvents listings = new RecallEvents()
                .add("p1", "L-1", published("ไอโฟน 13"))
                .add("p2", "L-2", published("ไอโฟน 12"))
                .add("p3", "L-3", published("ไอโฟน 11"))
                .add("p4", "L-4", published("ไอโฟน XR"));
        result(projection.apply(judgements.records()));
        result(projection.apply(listings.records()));
        assertThat(keywordIds("ไอโฟน")).containsExactlyInAnyOrder("L-1", "L-4");
        assertThat(vectorIds("ไอโฟน")).containsExactlyInAnyOrder("L-1", "L-4");

        // and the held one is let back when a moderator approves it later
        result(projection.apply(new RecallEvents().add("e6", "L-2", new ModerationPayload.Decided("approve")).records()));
        assertThat(keywordIds("ไอโฟน")).containsExactlyInAnyOrder("L-1", "L-2", "L-4");
    }

    @Test
    void updatedTitleIsSearchableAndTheOldOneIsNot() {
        result(projection.apply(new RecallEvents().add("e1", "L-1", published("Nintendo Switch")).records()));
        float[] before = embeddings.get("L-1").orElseThrow();
        result(projection.apply(new RecallEvents()
                .add("e2", "L-1", new ListingPayload.Updated(8000.0, null, "PlayStation 5", null, null))
                .records()));
        assertThat(keywordIds("playstation")).containsExactly("L-1");
        assertThat(keywordIds("nintendo")).isEmpty();
        assertThat(embeddings.get("L-1").orElseThrow()).isNotEqualTo(before);
        assertThat(vectorIds("PlayStation 5")).containsExactly("L-1");
    }

    @Test
    void userVectorIsTheMeanOfInteractedListingsOrEmpty() {
        result(projection.apply(new RecallEvents()
                .add("e1", "L-1", published("ไอโฟน 13 สีดำ"))
                .add("e2", "L-2", published("โซฟาหนังแท้"))
                .records()));
        UserInterestProjection interests = new UserInterestProjection();
        result(interests.apply(new RecallEvents()
                .add("i1", "U-1", new io.mercator.events.payload.InteractionPayload.Click("r", "L-1"))
                .records()));
        UserVectors users = new UserVectors(interests, embeddings);
        assertThat(users.of("U-2")).isEmpty();
        float[] u = users.of("U-1").orElseThrow();
        assertThat(u).containsExactly(embeddings.get("L-1").orElseThrow());
        assertThat(result(vector.nearest(u, 2)).get(0).listingId()).isEqualTo("L-1");
    }
}
