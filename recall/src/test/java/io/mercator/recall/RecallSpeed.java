package io.mercator.recall;

import io.mercator.events.Categories;
import io.mercator.recall.analysis.MarketplaceAnalyzer;
import io.mercator.recall.embedding.HashingTextEmbedder;
import io.mercator.recall.embedding.ListingEmbeddings;
import io.mercator.recall.lucene.LuceneKeywordRecall;
import io.mercator.recall.lucene.LuceneVectorRecall;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.mercator.recall.Await.result;

/**
 * Prints index build time and p50/p99 latency of {@code search(q, 1000)} and {@code nearest(v, 200 and 500)}
 * before and after the vector index is compacted,
 * on 60,000 synthetic Thai/English listings over 2,000 queries (after 500 warm-up queries). Prints,
 * never asserts: timings depend on the machine. Run with the test classpath:
 * {@code java -cp <test classpath> io.mercator.recall.RecallSpeed [listings] [queries]}.
 */
public final class RecallSpeed {

    private static final String[] THAI_WORDS = {"ไอโฟน", "ซัมซุง", "กล้อง", "เลนส์", "โซฟา", "รองเท้า", "ไนกี้",
            "กระเป๋า", "นาฬิกา", "จักรยาน", "หูฟัง", "ลำโพง", "โน้ตบุ๊ก", "มือสอง", "สภาพดี", "ของแท้", "ราคาถูก",
            "สีดำ", "สีขาว", "ใหม่", "พร้อมส่ง", "ผู้หญิง", "ผู้ชาย", "เด็ก", "หนัง", "ไม้", "เกม", "พระเครื่อง"};
    private static final String[] ENGLISH_WORDS = {"iphone", "samsung", "galaxy", "canon", "sony", "nike", "adidas",
            "macbook", "ipad", "switch", "ps5", "rolex", "casio", "honda", "yamaha", "ikea", "vintage", "pro",
            "max", "mini", "black", "white", "used", "new", "original", "lens", "camera", "shoes", "bag", "watch"};

    private RecallSpeed() {
    }

    public static void main(String[] args) {
        int listings = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Random random = new Random(42);
        MarketplaceAnalyzer analyzer = new MarketplaceAnalyzer();
        HashingTextEmbedder embedder = new HashingTextEmbedder(analyzer);
        ListingEmbeddings embeddings = new ListingEmbeddings(embedder);

        List<ListingDocument> docs = new ArrayList<>(listings);
        for (int i = 0; i < listings; i++) {
            String category = Categories.ALL.get(random.nextInt(Categories.ALL.size())).slug();
            docs.add(new ListingDocument("L-" + i, phrase(random, 3 + random.nextInt(5)),
                    phrase(random, 10 + random.nextInt(20)), category, "S-" + random.nextInt(5000),
                    13.75, 100.5, 100 + random.nextInt(20_000)));
        }
        try (LuceneKeywordRecall keyword = new LuceneKeywordRecall(analyzer);
             LuceneVectorRecall vector = new LuceneVectorRecall(embedder.dimension())) {
            long t0 = System.nanoTime();
            for (int from = 0; from < listings; from += 4096) {
                result(keyword.upsert(docs.subList(from, Math.min(listings, from + 4096))));
            }
            result(keyword.refresh());
            long t1 = System.nanoTime();
            List<VectorRecall.Entry> entries = new ArrayList<>(listings);
            for (ListingDocument d : docs) {
                entries.add(new VectorRecall.Entry(d.listingId(), embeddings.update(d.listingId(), d.title(), d.category())));
            }
            long t2 = System.nanoTime();
            for (int from = 0; from < listings; from += 4096) {
                // refreshed per batch, as the recall-index projection does while replaying the log
                result(vector.upsert(entries.subList(from, Math.min(listings, from + 4096))));
                result(vector.refresh());
            }
            long t3 = System.nanoTime();
            System.out.printf("%d listings: keyword index %.1f s, embeddings %.1f s, HNSW index %.1f s (%d segments)%n",
                    listings, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, vector.segments());

            int warmup = 500;
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < warmup + queries; i++) {
                texts.add(phrase(random, 1 + random.nextInt(3)));
            }
            long[] keywordNs = new long[queries];
            long keywordHits = 0;
            for (int i = 0; i < texts.size(); i++) {
                long s = System.nanoTime();
                int n = result(keyword.search(texts.get(i), 1000)).size();
                long e = System.nanoTime();
                if (i >= warmup) {
                    keywordNs[i - warmup] = e - s;
                    keywordHits += n;
                }
            }
            print("search(q, 1000)", keywordNs);
            System.out.printf("  mean hits per keyword query: %.0f%n", keywordHits / (double) queries);
            nearest(vector, embedder, texts, warmup, 200, "before compaction");
            nearest(vector, embedder, texts, warmup, 500, "before compaction");
            long c0 = System.nanoTime();
            result(vector.compact());
            System.out.printf("compacted to %d segment(s) in %.1f s%n", vector.segments(), (System.nanoTime() - c0) / 1e9);
            nearest(vector, embedder, texts, warmup, 200, "after compaction");
            nearest(vector, embedder, texts, warmup, 500, "after compaction");
        }
    }

    private static void nearest(LuceneVectorRecall vector, HashingTextEmbedder embedder, List<String> texts, int warmup,
                                int k, String when) {
        long[] ns = new long[texts.size() - warmup];
        for (int i = 0; i < texts.size(); i++) {
            float[] v = embedder.embed(texts.get(i));
            long s = System.nanoTime();
            result(vector.nearest(v, k));
            long e = System.nanoTime();
            if (i >= warmup) {
                ns[i - warmup] = e - s;
            }
        }
        print("nearest(v, " + k + "), " + when, ns);
    }

    private static String phrase(Random random, int words) {
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < words; w++) {
            String[] vocabulary = random.nextBoolean() ? THAI_WORDS : ENGLISH_WORDS;
            // Thai is written without spaces between words, English with them
            if (sb.length() > 0 && vocabulary == ENGLISH_WORDS) {
                sb.append(' ');
            }
            sb.append(vocabulary[random.nextInt(vocabulary.length)]);
        }
        return sb.toString();
    }

    private static void print(String what, long[] ns) {
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        System.out.printf("%s over %d queries: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, ns.length,
                sorted[ns.length / 2] / 1e6, sorted[(int) (ns.length * 0.99)] / 1e6, sorted[ns.length - 1] / 1e6);
    }
}
