package io.mercator.learning;

/**
 * How one booster was trained and how it did on the validation split.
 *
 * @param trainRows           rows it was fitted on
 * @param trainPositives      positive rows among them
 * @param validationRows      rows of the validation split
 * @param validationPositives positive rows among them
 * @param iterations          trees kept (the best round of early stopping)
 * @param validationAuc       ROC AUC of the kept model on the validation split (NaN with one class only)
 * @param validationLogloss   binary log loss of the kept model on the validation split
 */
public record ModelMetrics(int trainRows, int trainPositives, int validationRows, int validationPositives,
                           int iterations, double validationAuc, double validationLogloss) {
}
