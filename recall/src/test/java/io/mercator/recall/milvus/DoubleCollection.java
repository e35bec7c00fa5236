package io.mercator.recall.milvus;

import io.mercator.recall.RecallHit;
import io.mercator.recall.VectorRecall;
import io.mercator.recall.lucene.LuceneVectorRecall;
import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.ConsistencyLevel;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.IndexDescription;
import io.milvus.grpc.KeyValuePair;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.mercator.recall.Await.result;

/**
 * One collection inside {@link MilvusProtocolDouble}: the schema as the client sent it (with field
 * ids assigned, as Milvus does), its indexes, and the rows. Unfiltered searches go to a real HNSW
 * graph (the embedded {@link LuceneVectorRecall}); filtered ones scan the matching rows and rank them
 * by exact cosine. Not thread-safe: the double serialises calls on it.
 */
final class DoubleCollection {

    final long id;
    final CollectionSchema schema;
    final ConsistencyLevel consistency;
    final String primaryField;
    final String vectorField;
    final int dimension;
    final List<IndexDescription> indexes = new ArrayList<>();
    boolean loaded;

    private final Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
    private final Map<String, float[]> vectors = new LinkedHashMap<>();
    private final LuceneVectorRecall ann;

    DoubleCollection(long id, CollectionSchema sent, ConsistencyLevel consistency) {
        this.id = id;
        this.consistency = consistency;
        CollectionSchema.Builder withIds = sent.toBuilder();
        for (int i = 0; i < withIds.getFieldsCount(); i++) {
            withIds.setFields(i, withIds.getFields(i).toBuilder().setFieldID(100 + i));
        }
        this.schema = withIds.build();
        this.primaryField = schema.getFieldsList().stream().filter(FieldSchema::getIsPrimaryKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("schema has no primary key")).getName();
        FieldSchema vector = schema.getFieldsList().stream().filter(f -> f.getDataType() == DataType.FloatVector)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("schema has no float vector field"));
        this.vectorField = vector.getName();
        this.dimension = vector.getTypeParamsList().stream().filter(p -> p.getKey().equals("dim"))
                .map(KeyValuePair::getValue).map(Integer::parseInt).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("vector field has no dim"));
        this.ann = new LuceneVectorRecall(dimension);
    }

    int size() {
        return rows.size();
    }

    void upsert(String key, Map<String, Object> attributes, float[] vector) {
        rows.put(key, attributes);
        vectors.put(key, vector);
        result(ann.upsert(List.of(new VectorRecall.Entry(key, vector))));
    }

    /** Deletes the rows matching the expression; the number deleted. */
    int delete(Predicate<Map<String, Object>> matching) {
        List<String> gone = rows.entrySet().stream().filter(e -> matching.test(e.getValue())).map(Map.Entry::getKey).toList();
        gone.forEach(k -> {
            rows.remove(k);
            vectors.remove(k);
        });
        result(ann.delete(gone));
        return gone.size();
    }

    List<RecallHit> search(float[] query, int topK, Predicate<Map<String, Object>> filter, boolean filtered) {
        if (!filtered) {
            result(ann.refresh());
            return result(ann.nearest(query, topK));
        }
        return rows.entrySet().stream().filter(e -> filter.test(e.getValue()))
                .map(e -> new RecallHit(e.getKey(), cosine(query, vectors.get(e.getKey()))))
                .sorted(Comparator.comparingDouble(RecallHit::score).reversed())
                .limit(topK).toList();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
