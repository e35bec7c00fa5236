package io.mercator.ranking.hydrator;

import java.util.List;

/**
 * One candidate's feature row as the models saw it: a view into the request's row-major matrix,
 * so a thousand candidates share one array and the batch prediction gets it without copying.
 * Only the served items' rows are copied out (for their impressions).
 *
 * @param names  feature names in row order
 * @param matrix the request's rows, row-major; never modified after hydration
 * @param row    this candidate's row index
 */
public record ServedRow(List<String> names, double[] matrix, int row) {

    public double value(int feature) {
        return matrix[row * names.size() + feature];
    }

    /** A copy of this row's values, in the order of {@link #names()}. */
    public double[] values() {
        int width = names.size();
        double[] out = new double[width];
        System.arraycopy(matrix, row * width, out, 0, width);
        return out;
    }
}
