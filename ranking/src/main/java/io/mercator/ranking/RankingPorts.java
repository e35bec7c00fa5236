package io.mercator.ranking;

import io.mercator.autoboost.BoostAgent;
import io.mercator.learning.ModelSelection;
import io.mercator.catalog.CatalogView;
import io.mercator.events.log.EventLog;
import io.mercator.hydration.store.OnlineStore;
import io.mercator.learning.ClickModels;
import io.mercator.learning.FeatureVectorizer;
import io.mercator.ranking.candidate.UserVectorSource;
import io.mercator.ranking.hydrator.SellerListingCounts;
import io.mercator.recall.KeywordRecall;
import io.mercator.recall.TextEmbedder;
import io.mercator.recall.VectorRecall;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What ranking reads from and writes to, all owned by other modules.
 *
 * @param store        the online store: features, popularity lists, seller rows
 * @param catalog      listings, sellers, bans and force-boosts
 * @param keyword      BM25 recall
 * @param vector       nearest-neighbour recall
 * @param embedder     query text to vector (same space as the listings)
 * @param userVectors  buyers' taste vectors
 * @param models       the click models for a buyer (production, or a canary for a few buyers), if any
 * @param vectorizer   the feature rows, shared with training
 * @param eventLog     impressions and moderation flags are appended here
 * @param sellerCounts live listings per seller, refreshed off the request path
 * @param boosts       the auto-boost agent, which fills the sponsored slots and holds the campaigns' spend
 */
public record RankingPorts(OnlineStore store, CatalogView catalog, KeywordRecall keyword, VectorRecall vector,
                           TextEmbedder embedder, UserVectorSource userVectors,
                           ModelSelection models, FeatureVectorizer vectorizer, EventLog eventLog,
                           SellerListingCounts sellerCounts, BoostAgent boosts) {

    /** The single-model form: every buyer is scored by what {@code models} holds now. */
    public RankingPorts(OnlineStore store, CatalogView catalog, KeywordRecall keyword, VectorRecall vector,
                        TextEmbedder embedder, UserVectorSource userVectors, Supplier<Optional<ClickModels>> models,
                        FeatureVectorizer vectorizer, EventLog eventLog, SellerListingCounts sellerCounts,
                        BoostAgent boosts) {
        this(store, catalog, keyword, vector, embedder, userVectors,
                ModelSelection.everyone(Objects.requireNonNull(models, "models")), vectorizer, eventLog, sellerCounts,
                boosts);
    }

    public RankingPorts {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(userVectors, "userVectors");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(vectorizer, "vectorizer");
        Objects.requireNonNull(eventLog, "eventLog");
        Objects.requireNonNull(sellerCounts, "sellerCounts");
        Objects.requireNonNull(boosts, "boosts");
    }
}
