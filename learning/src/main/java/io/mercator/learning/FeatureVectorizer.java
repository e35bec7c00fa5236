package io.mercator.learning;

import java.util.List;

/** Builds the model's feature rows; one implementation is shared by serving and training. */
public interface FeatureVectorizer {

    /** Feature names in row order. */
    List<String> names();

    /** Row-major matrix: one row of {@code names().size()} values per product of the inputs. */
    double[] rows(RankingInputs inputs);
}
