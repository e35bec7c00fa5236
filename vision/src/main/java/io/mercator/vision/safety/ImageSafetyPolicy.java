package io.mercator.vision.safety;

import java.util.ArrayList;
import java.util.List;

/**
 * From the NSFW head's five probabilities (drawing, hentai, neutral, porn, sexy) to a safety score
 * and flags, by thresholds set in configuration.
 *
 * <ul>
 *   <li>{@code nsfw} = p(porn) + p(hentai) + p(sexy): the probability the photo is not safe for a
 *       general marketplace; the safety score is {@code 1 - nsfw}.</li>
 *   <li>flag {@code nsfw} at {@code nsfw >= nsfwAt}; {@code explicit} at p(porn) + p(hentai) >=
 *       {@code explicitAt}; {@code suggestive} at p(sexy) >= {@code suggestiveAt}.</li>
 *   <li>below {@code moderateBelow} the photo's listing goes to the moderation queue.</li>
 * </ul>
 * The defaults flag 1.1% of the 3,409 clothing photos, all safe (README, "Image intelligence").
 */
public record ImageSafetyPolicy(double nsfwAt, double explicitAt, double suggestiveAt, double moderateBelow) {

    public static final ImageSafetyPolicy DEFAULT = new ImageSafetyPolicy(0.7, 0.7, 0.8, 0.4);

    public ImageSafetyPolicy {
        for (double t : new double[] {nsfwAt, explicitAt, suggestiveAt, moderateBelow}) {
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("image safety thresholds must be in [0, 1]");
            }
        }
    }

    /** What the policy makes of one photo's NSFW probabilities. */
    public record Verdict(double nsfw, double safety, List<String> flags) {
    }

    public Verdict judge(float[] p) {
        double explicit = p[1] + p[3];
        double nsfw = Math.min(1, explicit + p[4]);
        List<String> flags = new ArrayList<>(3);
        if (nsfw >= nsfwAt) {
            flags.add("nsfw");
        }
        if (explicit >= explicitAt) {
            flags.add("explicit");
        }
        if (p[4] >= suggestiveAt) {
            flags.add("suggestive");
        }
        return new Verdict(nsfw, 1 - nsfw, List.copyOf(flags));
    }
}
