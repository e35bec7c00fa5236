package io.mercator.recall;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.mercator.recall.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * What every {@link KeywordRecall} must do, whatever stores it (embedded Lucene, Elasticsearch).
 * An implementation's test extends this class and says how to open an empty index.
 */
public abstract class KeywordRecallContract {

    protected KeywordRecall recall;

    /** A new, empty index. */
    protected abstract KeywordRecall open();

    @BeforeEach
    void openIndex() {
        recall = open();
    }

    @AfterEach
    void closeIndex() {
        recall.close();
    }

    protected static ListingDocument doc(String id, String title, String description) {
        return new ListingDocument(id, title, description, "mobile-phones", "S-1", 13.75, 100.5, 1000);
    }

    protected void index(ListingDocument... docs) {
        result(recall.upsert(List.of(docs)));
        result(recall.refresh());
    }

    protected List<String> ids(String query, int limit) {
        return result(recall.search(query, limit)).stream().map(RecallHit::listingId).toList();
    }

    @Test
    void thaiQueryFindsThaiTitle() {
        index(doc("L-1", "ขายไอโฟน 13 มือสอง สภาพดี", "แบตเตอรี่ 89%"),
                doc("L-2", "โซฟาหนังสีน้ำตาล", "นั่งสบาย"),
                doc("L-3", "รองเท้าวิ่งไนกี้", "ไซส์ 42"));
        assertThat(ids("ไอโฟน", 10)).containsExactly("L-1");
        assertThat(ids("รองเท้าไนกี้", 10)).first().isEqualTo("L-3");
    }

    @Test
    void englishQueryIsCaseInsensitive() {
        index(doc("L-1", "Sony WH-1000XM4 Headphones", "barely used"),
                doc("L-2", "IKEA desk", "white"));
        assertThat(ids("sony", 10)).containsExactly("L-1");
        assertThat(ids("SONY HEADPHONES", 10)).containsExactly("L-1");
    }

    @Test
    void titleMatchOutranksDescriptionOnlyMatch() {
        index(doc("L-desc", "โต๊ะทำงานไม้", "มีกล้องวงจรปิดแถมให้ฟรี ใช้งานได้ปกติทุกอย่าง"),
                doc("L-title", "กล้อง Fujifilm XT30", "เลนส์ติดกล้อง ใช้งานได้ปกติทุกอย่าง"));
        assertThat(ids("กล้อง", 10)).containsExactly("L-title", "L-desc");
    }

    @Test
    void upsertReplacesTheDocument() {
        index(doc("L-1", "Canon camera", "old text"));
        index(doc("L-1", "Nintendo Switch", "new text"));
        assertThat(ids("canon", 10)).isEmpty();
        assertThat(ids("nintendo", 10)).containsExactly("L-1");
    }

    @Test
    void deleteRemovesAndIgnoresUnknownIds() {
        index(doc("L-1", "Yamaha guitar", ""), doc("L-2", "Yamaha piano", ""));
        result(recall.delete(List.of("L-1", "never-indexed")));
        result(recall.refresh());
        assertThat(ids("yamaha", 10)).containsExactly("L-2");
    }

    @Test
    void refreshMakesWritesVisible() {
        result(recall.upsert(List.of(doc("L-1", "Vespa scooter", ""))));
        result(recall.refresh());
        assertThat(ids("vespa", 10)).containsExactly("L-1");
    }

    @Test
    void limitIsRespected() {
        List<ListingDocument> docs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            docs.add(doc("L-" + i, "bicycle number " + i, ""));
        }
        result(recall.upsert(docs));
        result(recall.refresh());
        assertThat(ids("bicycle", 7)).hasSize(7);
        assertThat(ids("bicycle", 100)).hasSize(30);
    }

    @Test
    void junkAndLongQueriesDoNotThrow() {
        index(doc("L-1", "iPhone 13", "AND OR NOT"));
        assertThatCode(() -> result(recall.search("\"(*&^%$ AND OR NOT ~", 10))).doesNotThrowAnyException();
        String longQuery = "ขายไอโฟนมือสอง iphone ".repeat(25).substring(0, 500);
        assertThat(longQuery).hasSize(500);
        assertThat(ids(longQuery, 10)).containsExactly("L-1");
        assertThatCode(() -> result(recall.search("title:(foo* AND [a TO z]) ^2 \\", 10))).doesNotThrowAnyException();
    }

    @Test
    void emptyQueryFindsNothing() {
        index(doc("L-1", "iPhone 13", ""));
        assertThat(ids("", 10)).isEmpty();
        assertThat(ids("   \t\n", 10)).isEmpty();
    }

    @Test
    void scoresAreBestFirst() {
        index(doc("L-1", "Honda Wave", "motorcycle"), doc("L-2", "Honda Wave 110i Honda", "Honda motorcycle"));
        List<RecallHit> hits = result(recall.search("honda motorcycle", 10));
        assertThat(hits).hasSize(2);
        assertThat(hits.get(0).score()).isGreaterThanOrEqualTo(hits.get(1).score());
    }
}
