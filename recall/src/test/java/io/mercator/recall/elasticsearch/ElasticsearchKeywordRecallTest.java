package io.mercator.recall.elasticsearch;

import io.mercator.recall.KeywordRecall;
import io.mercator.recall.KeywordRecallContract;
import io.mercator.recall.ListingDocument;
import io.mercator.recall.RecallHit;
import io.mercator.recall.analysis.MarketplaceAnalyzer;
import io.mercator.recall.lucene.LuceneKeywordRecall;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.mercator.recall.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** The keyword contract against a real Elasticsearch 8.19 node, plus what only this backend has. */
class ElasticsearchKeywordRecallTest extends KeywordRecallContract {

    private static final AtomicInteger INDEXES = new AtomicInteger();

    private String index;

    @Override
    protected KeywordRecall open() {
        index = "listings-kw-" + INDEXES.incrementAndGet();
        return result(ElasticsearchKeywordRecall.open(
                ElasticsearchKeywordRecall.Options.local(ElasticsearchNode.shared().url(), index)));
    }

    @Test
    void theIndexHoldsTheAnalysedTermsAndTheWhitespaceMapping() throws Exception {
        String title = "ขายไอโฟน13 มือสอง";
        index(doc("L-1", title, "Phones"));
        String mapping = get("/" + index + "/_mapping");
        assertThat(mapping).contains("\"title\":{\"type\":\"text\",\"analyzer\":\"whitespace\"}");
        // the stored source is what Elasticsearch tokenised: Java's Thai segmentation, lower case, stems
        String source = get("/" + index + "/_source/L-1");
        String terms = String.join(" ", new MarketplaceAnalyzer().terms(title));
        assertThat(terms).startsWith("ขาย ไอโฟน 13 ");
        assertThat(source).contains("\"title\":\"" + terms + "\"").contains("\"description\":\"phone\"");
    }

    @Test
    void anExistingIndexIsReusedNotRecreated() {
        index(doc("L-1", "Vespa scooter", ""));
        try (ElasticsearchKeywordRecall again = result(ElasticsearchKeywordRecall.open(
                ElasticsearchKeywordRecall.Options.local(ElasticsearchNode.shared().url(), index)))) {
            assertThat(result(again.search("vespa", 10))).extracting(RecallHit::listingId).containsExactly("L-1");
        }
    }

    /**
     * Same ids, same order, same scores. The texts avoid letter-digit compounds on purpose: Lucene
     * stacks {@code xt30}'s parts on one position, space-joined text cannot, so there the Elasticsearch
     * field is longer and BM25 a little lower (see {@link ElasticsearchKeywordRecall}).
     */
    @Test
    void scoresMatchTheEmbeddedLuceneTwin() {
        List<ListingDocument> docs = List.of(
                doc("L-1", "กล้อง Fujifilm มือสอง", "เลนส์ติดกล้อง"),
                doc("L-2", "โต๊ะทำงานไม้", "มีกล้องวงจรปิดแถม"),
                doc("L-3", "Canon camera กล้อง", "camera bag"));
        index(docs.toArray(ListingDocument[]::new));
        try (LuceneKeywordRecall lucene = new LuceneKeywordRecall()) {
            result(lucene.upsert(docs));
            result(lucene.refresh());
            List<RecallHit> expected = result(lucene.search("กล้อง camera", 10));
            List<RecallHit> actual = result(recall.search("กล้อง camera", 10));
            assertThat(actual).extracting(RecallHit::listingId)
                    .containsExactlyElementsOf(expected.stream().map(RecallHit::listingId).toList());
            for (int i = 0; i < expected.size(); i++) {
                assertThat(actual.get(i).score()).isCloseTo(expected.get(i).score(), offset(1e-3));
            }
        }
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(ElasticsearchNode.shared().url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
