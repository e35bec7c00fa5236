package io.mercator.fraud.gate;

/**
 * What moderators found when they checked a random sample of the listings a model removes (or
 * would remove) alone: the evidence that opens the precision gate. Calibration proposes which
 * listings are fraud with probability at least the target; only an audit of those very listings,
 * drawn at random, shows the precision of acting on them without the bias of the labels active
 * learning chose.
 *
 * @param audited    listings checked
 * @param confirmed  of those, removed by the moderator
 * @param labelNoise the moderators' own error rate, corrected for as in calibration
 */
public record Audit(int audited, int confirmed, double labelNoise) {

    /** One-sided 95%. */
    static final double Z = 1.6448536269514722;

    public static final Audit NONE = new Audit(0, 0, 0);

    public Audit {
        if (audited < 0 || confirmed < 0 || confirmed > audited) {
            throw new IllegalArgumentException("need 0 <= confirmed <= audited, got " + confirmed + " of " + audited);
        }
        if (!(labelNoise >= 0 && labelNoise < 0.5)) {
            throw new IllegalArgumentException("labelNoise must be in [0, 0.5), was " + labelNoise);
        }
    }

    /** The sample's precision, corrected for moderators' mistakes; NaN without a sample. */
    public double precision() {
        return audited == 0 ? Double.NaN : corrected(confirmed / (double) audited);
    }

    /**
     * The precision the sample assures at 95%: the Wilson lower bound of the confirmed share,
     * corrected for moderators' mistakes; 0 without a sample.
     */
    public double assuredPrecision() {
        if (audited == 0) {
            return 0;
        }
        double n = audited;
        double p = confirmed / n;
        double z2 = Z * Z;
        double lower = (p + z2 / (2 * n) - Z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))) / (1 + z2 / n);
        return corrected(lower);
    }

    private double corrected(double rate) {
        return Math.min(1, Math.max(0, (rate - labelNoise) / (1 - 2 * labelNoise)));
    }
}
