package io.mercator.recall.embedding;

import io.mercator.recall.TextEmbedder;

import java.util.Optional;

/**
 * The vector of a search query: the query text through the same embedder as the listings, so the
 * two are comparable. Empty for a query without any token (punctuation, emoji, blank), which has
 * no direction to search in.
 */
public final class QueryVectors {

    private final TextEmbedder embedder;

    public QueryVectors(TextEmbedder embedder) {
        this.embedder = embedder;
    }

    public Optional<float[]> of(String queryText) {
        if (queryText == null || queryText.isBlank()) {
            return Optional.empty();
        }
        float[] v = embedder.embed(queryText);
        return UnitVector.isZero(v) ? Optional.empty() : Optional.of(v);
    }
}
