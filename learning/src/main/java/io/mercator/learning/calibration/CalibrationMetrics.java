package io.mercator.learning.calibration;

/**
 * How one model's calibration was measured when it was trained. The validation split is cut in
 * two by time: a calibrator fitted on the earlier half is judged on the later half, so the
 * "after" figure is out of sample (a calibrator judged on its own fitting rows would look almost
 * perfect). The calibrator shipped with the model is then refitted on the whole validation split.
 *
 * @param binning            how the ECE bins were formed
 * @param bins               number of ECE bins
 * @param fitRows            validation rows the shipped calibrator was fitted on
 * @param knots              knots of the shipped calibrator
 * @param evaluationRows     rows of the later half, where the figures below come from
 * @param eceRaw             ECE of the booster's own probabilities there
 * @param eceCalibrated      ECE after the earlier half's calibrator
 * @param loglossRaw         log loss of the booster's probabilities there
 * @param loglossCalibrated  log loss after the earlier half's calibrator
 */
public record CalibrationMetrics(CalibrationError.Binning binning, int bins, int fitRows, int knots,
                                 int evaluationRows, double eceRaw, double eceCalibrated,
                                 double loglossRaw, double loglossCalibrated) {
}
