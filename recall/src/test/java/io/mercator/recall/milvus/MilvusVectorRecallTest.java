package io.mercator.recall.milvus;

import io.mercator.recall.ListingDocument;
import io.mercator.recall.RecallHit;
import io.mercator.recall.VectorRecall;
import io.mercator.recall.VectorRecallContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.mercator.recall.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vector contract through the real {@code MilvusClientV2} against {@link MilvusProtocolDouble}:
 * proves our encoding, RPC sequence and decoding, not Milvus's search (see the double's Javadoc).
 */
class MilvusVectorRecallTest extends VectorRecallContract {

    private static final AtomicInteger COLLECTIONS = new AtomicInteger();
    private static MilvusProtocolDouble server;

    private String collection;

    @BeforeAll
    static void startDouble() {
        server = new MilvusProtocolDouble().start();
    }

    @AfterAll
    static void stopDouble() {
        server.close();
    }

    @Override
    protected VectorRecall open(int dimension) {
        collection = "listings_vec_" + COLLECTIONS.incrementAndGet();
        return result(MilvusVectorRecall.open(MilvusVectorRecall.Options.local(server.uri(), collection), dimension));
    }

    private MilvusVectorRecall milvus() {
        return (MilvusVectorRecall) recall;
    }

    @Test
    void createsTheSchemaAndCosineHnswIndexAsTheSdkSendsThem() {
        var schema = server.schema(collection);
        assertThat(schema.getFieldsList()).extracting(f -> f.getName())
                .containsExactly("listing_id", "vector", "category", "seller_id", "lat", "lon", "price");
        assertThat(schema.getFields(0).getIsPrimaryKey()).isTrue();
        assertThat(schema.getFields(0).getAutoID()).isFalse();
        assertThat(schema.getFields(1).getTypeParamsList()).anySatisfy(p -> {
            assertThat(p.getKey()).isEqualTo("dim");
            assertThat(p.getValue()).isEqualTo(Integer.toString(DIMENSION));
        });
        assertThat(schema.getFields(2).getNullable()).isTrue();
        var index = server.indexes(collection).getFirst();
        assertThat(index.getFieldName()).isEqualTo("vector");
        assertThat(index.getParamsList()).extracting(p -> p.getKey() + "=" + p.getValue())
                .contains("index_type=HNSW", "metric_type=COSINE");
    }

    @Test
    void reopeningUsesTheExistingCollectionAndRejectsAnotherDimension() {
        index(new VectorRecall.Entry("a", at(0)));
        try (MilvusVectorRecall again = result(MilvusVectorRecall.open(
                MilvusVectorRecall.Options.local(server.uri(), collection), DIMENSION))) {
            assertThat(result(again.nearest(at(0), 5))).extracting(RecallHit::listingId).containsExactly("a");
        }
        Throwable wrong = io.mercator.recall.Await.failure(MilvusVectorRecall.open(
                MilvusVectorRecall.Options.local(server.uri(), collection), DIMENSION + 1));
        assertThat(wrong).hasMessageContaining(DIMENSION + "-dimensional").hasMessageContaining((DIMENSION + 1) + " dimensions");
    }

    @Test
    void filterExpressionsSelectByAttributes() {
        result(milvus().upsertListings(List.of(
                listing("phone-near", "mobile-phones", "S-1", at(0.1)),
                listing("sofa-nearest", "furniture", "S-2", at(0)),
                listing("phone-far", "mobile-phones", "S-2", at(1.0)))));
        assertThat(result(milvus().nearest(at(0), 10, "category == \"mobile-phones\"")))
                .extracting(RecallHit::listingId).containsExactly("phone-near", "phone-far");
        assertThat(result(milvus().nearest(at(0), 10, "category == \"mobile-phones\" and seller_id != \"S-1\"")))
                .extracting(RecallHit::listingId).containsExactly("phone-far");
        assertThat(result(milvus().nearest(at(0), 10, null)))
                .extracting(RecallHit::listingId).containsExactly("sofa-nearest", "phone-near", "phone-far");
    }

    @Test
    void aServerErrorFailsTheFutureWithTheServersReason() {
        index(new VectorRecall.Entry("a", at(0)));
        // a range comparison is outside the double's filter subset, so the double answers an error status
        Throwable e = io.mercator.recall.Await.failure(milvus().nearest(at(0), 5, "price > 10"));
        assertThat(e).hasMessageContaining("outside the protocol double's subset");
    }

    @Test
    void portUpsertsCarryNoAttributesSoAttributeFiltersSkipThem() {
        index(new VectorRecall.Entry("bare", at(0)));
        result(milvus().upsertListings(List.of(listing("dressed", "furniture", "S-1", at(0.2)))));
        assertThat(result(milvus().nearest(at(0), 10, "category == \"furniture\"")))
                .extracting(RecallHit::listingId).containsExactly("dressed");
    }

    @Test
    void zeroVectorsLeaveTheIndexAndFindNothing() {
        index(new VectorRecall.Entry("a", at(0)));
        index(new VectorRecall.Entry("a", new float[DIMENSION]), new VectorRecall.Entry("b", at(0.2)));
        assertThat(ids(at(0), 10)).containsExactly("b");
        assertThat(result(recall.nearest(new float[DIMENSION], 10))).isEmpty();
    }

    @Test
    void openingANewCollectionCreatesIndexesAndLoadsIt() {
        MilvusProtocolDouble fresh = new MilvusProtocolDouble().start();
        try (MilvusVectorRecall opened = result(MilvusVectorRecall.open(
                MilvusVectorRecall.Options.local(fresh.uri(), "fresh"), DIMENSION))) {
            // the SDK's own load after CreateIndex does not wait; ours does (GetLoadingProgress)
            assertThat(fresh.calls()).containsExactly("Connect", "HasCollection", "CreateCollection", "CreateIndex",
                    "LoadCollection", "LoadCollection", "GetLoadingProgress");
            assertThat(fresh.rows("fresh")).isZero();
            assertThat(opened.dimension()).isEqualTo(DIMENSION);
        } finally {
            fresh.close();
        }
    }

    @Test
    void theClientUsesExactlyTheRpcsTheDoubleImplements() {
        index(new VectorRecall.Entry("a", at(0)));
        result(recall.delete(List.of("a")));
        ids(at(0), 3);
        assertThat(server.calls()).contains("Connect", "HasCollection", "CreateCollection", "CreateIndex",
                "LoadCollection", "Upsert", "Delete", "Search");
        assertThat(server.calls()).isSubsetOf(List.of("Connect", "HasCollection", "CreateCollection",
                "DescribeCollection", "CreateIndex", "DescribeIndex", "LoadCollection", "GetLoadState",
                "GetLoadingProgress", "Upsert", "Delete", "Search"));
    }

    private static MilvusVectorRecall.ListingVector listing(String id, String category, String seller, float[] v) {
        return new MilvusVectorRecall.ListingVector(new ListingDocument(id, "t", "d", category, seller, 13.7, 100.5, 100), v);
    }
}
