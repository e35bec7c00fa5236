package io.mercator.recall;

/** One recalled listing with the score its source gave it (BM25, cosine similarity...). */
public record RecallHit(String listingId, double score) {
}
