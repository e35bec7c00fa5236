package io.mercator.fraud.gate;

import io.mercator.fraud.supervised.FraudModel;

/**
 * Decides what happens to a listing from its fraud model's score: removed automatically only when
 * the precision of acting on it, as moderators' decisions on listings scored alike assure it (the
 * 95% lower bound of the calibrated probability), reaches {@code target}; sent to the moderation
 * queue when the calibrated probability is from {@code reviewFloor} up; left
 * alone below. A model without a calibrator has no precision to show, so it never acts alone: its
 * listings with an anomaly score from {@code anomalyReviewAt} up go to the queue.
 *
 * @param target          calibrated precision needed to act without a human (default 0.95)
 * @param reviewFloor     calibrated probability from which a human looks (default 0.2)
 * @param anomalyReviewAt anomaly score from which an uncalibrated model sends a listing to the queue
 */
public record PrecisionGate(double target, double reviewFloor, double anomalyReviewAt) {

    public static final double DEFAULT_TARGET = 0.95;
    public static final double DEFAULT_REVIEW_FLOOR = 0.2;
    public static final double DEFAULT_ANOMALY_REVIEW_AT = 0.6;

    public enum Action {
        /** Hidden at once, without waiting for a moderator. */
        REMOVE,
        /** Sent to the moderation queue. */
        REVIEW,
        /** Nothing to do. */
        PASS;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public PrecisionGate {
        if (!(target > 0 && target <= 1 && reviewFloor > 0 && reviewFloor <= target)) {
            throw new IllegalArgumentException("need 0 < reviewFloor <= target <= 1, got reviewFloor=" + reviewFloor
                    + " target=" + target);
        }
        if (!(anomalyReviewAt > 0 && anomalyReviewAt < 1)) {
            throw new IllegalArgumentException("anomalyReviewAt must be in (0,1), was " + anomalyReviewAt);
        }
    }

    public static PrecisionGate defaults() {
        return new PrecisionGate(DEFAULT_TARGET, DEFAULT_REVIEW_FLOOR, DEFAULT_ANOMALY_REVIEW_AT);
    }

    public Action decide(FraudModel.Scored s, Audit audit) {
        if (!s.calibrated()) {
            return s.anomaly() >= anomalyReviewAt ? Action.REVIEW : Action.PASS;
        }
        if (s.probability() >= target && open(audit)) {
            return Action.REMOVE;
        }
        return s.probability() >= reviewFloor ? Action.REVIEW : Action.PASS;
    }

    /** Whether the audit assures the target precision for the listings the model would remove alone. */
    public boolean open(Audit audit) {
        return audit.assuredPrecision() >= target;
    }

    /** Whether the model would remove the listing alone, were its audit to assure the precision. */
    public boolean wouldRemove(FraudModel.Scored s) {
        return s.calibrated() && s.probability() >= target;
    }
}
