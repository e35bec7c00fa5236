package io.mercator.learning.calibration;

/**
 * The calibrators of a model pair, either of which may be absent (null): a model trained on too
 * few validation rows, or saved before calibration existed, serves its raw probabilities.
 *
 * @param pctr the click model's calibrator, or null
 * @param pcvr the order model's calibrator, or null
 */
public record Calibrators(IsotonicCalibrator pctr, IsotonicCalibrator pcvr) {

    /** No calibration: predictions are the boosters' own probabilities. */
    public static final Calibrators NONE = new Calibrators(null, null);

    /** True when neither model has a calibrator (not named isEmpty: JSON would take that for a field). */
    public boolean bothAbsent() {
        return pctr == null && pcvr == null;
    }
}
