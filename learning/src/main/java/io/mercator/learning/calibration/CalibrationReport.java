package io.mercator.learning.calibration;

/**
 * Calibration figures of a model pair, stored in the model's metadata.
 *
 * @param pctr the click model's figures, or null when it was not calibrated
 * @param pcvr the order model's figures, or null when it was not calibrated
 */
public record CalibrationReport(CalibrationMetrics pctr, CalibrationMetrics pcvr) {
}
