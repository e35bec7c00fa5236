package io.mercator.learning.registry;

import io.mercator.learning.SyntheticRows;
import io.mercator.learning.TrainingSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class FeatureBinsTest {

    /** Feature "x" uniform in [0,1); feature "flag" 1 for a third of the rows; feature "sparse" missing half the time. */
    private static TrainingSet training() {
        SyntheticRows rows = new SyntheticRows(List.of("x", "flag", "sparse"));
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            rows.row("r" + i, "l", i, new float[]{(float) rng.nextDouble(), rng.nextInt(3) == 0 ? 1 : 0,
                    rng.nextBoolean() ? Float.NaN : (float) rng.nextDouble()}, false, false);
        }
        return rows.build();
    }

    private static List<float[]> serving(int n, double shift, double missingShare, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new float[]{(float) (rng.nextDouble() + shift), rng.nextInt(3) == 0 ? 1 : 0,
                    rng.nextDouble() < missingShare ? Float.NaN : (float) rng.nextDouble()});
        }
        return out;
    }

    @Test
    void shouldPlaceDecileEdgesAndMergeRepeatedOnes() {
        FeatureBins bins = FeatureBins.fromTraining(training(), 0, Long.MAX_VALUE);

        FeatureBins.Histogram x = bins.features().get(0);
        assertThat(x.edges()).hasSize(9);
        for (double share : x.expected()) {
            assertThat(share).isBetween(0.09, 0.11);
        }
        FeatureBins.Histogram flag = bins.features().get(1);
        assertThat(flag.edges()).as("a yes/no feature has few bins").hasSizeLessThanOrEqualTo(2);
        assertThat(bins.features().get(2).missing()).isBetween(0.48, 0.52);
    }

    @Test
    void shouldFindNoDriftInTheSameDistribution() {
        FeatureBins bins = FeatureBins.fromTraining(training(), 0, Long.MAX_VALUE);

        Map<String, Double> psi = bins.psi(serving(5_000, 0, 0.5, 9));

        assertThat(psi).containsOnlyKeys("x", "flag", "sparse");
        assertThat(psi.values()).allSatisfy(v -> assertThat(v).isLessThan(0.02));
    }

    @Test
    void shouldFindDriftWhenAFeatureShifts() {
        FeatureBins bins = FeatureBins.fromTraining(training(), 0, Long.MAX_VALUE);

        Map<String, Double> psi = bins.psi(serving(5_000, 0.5, 0.5, 9));

        assertThat(psi.get("x")).isGreaterThan(0.2);
        assertThat(psi.get("flag")).isLessThan(0.02);
    }

    @Test
    void shouldCountAFeatureThatStopsBeingFilledAsDrift() {
        FeatureBins bins = FeatureBins.fromTraining(training(), 0, Long.MAX_VALUE);

        Map<String, Double> psi = bins.psi(serving(5_000, 0, 0.95, 9));

        assertThat(psi.get("sparse")).isGreaterThan(0.2);
    }

    @Test
    void ksFindsNoShiftInTheSameDistributionAndAShiftInsideOneDecile() {
        FeatureBins bins = FeatureBins.fromTraining(training(), 0, Long.MAX_VALUE);

        Map<String, FeatureBins.Drift> same = bins.ks(serving(5_000, 0, 0.5, 9));
        assertThat(same).containsOnlyKeys("x", "flag", "sparse");
        assertThat(same.get("x").statistic()).isLessThan(0.03);
        assertThat(same.get("x").pValue()).isGreaterThan(0.05);
        assertThat(same.get("sparse").pValue()).isGreaterThan(0.05);

        // every value moved up by 0.05: half a decile, so PSI barely moves while the distribution did
        Map<String, FeatureBins.Drift> shifted = bins.ks(serving(5_000, 0.05, 0.5, 9));
        assertThat(bins.psi(serving(5_000, 0.05, 0.5, 9)).get("x")).isLessThan(0.1);
        assertThat(shifted.get("x").statistic()).isBetween(0.04, 0.07);
        assertThat(shifted.get("x").pValue()).isLessThan(0.01);
        assertThat(shifted.get("flag").pValue()).as("an unchanged feature").isGreaterThan(0.05);
    }

    @Test
    void aCardWithoutTheSketchHasNoKsAndOneWithItKeepsItThroughJson() throws Exception {
        FeatureBins bins = FeatureBins.fromTraining(training(), 0, Long.MAX_VALUE);
        assertThat(bins.features().get(0).reference()).hasSize(FeatureBins.REFERENCE_POINTS).isSorted();

        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        FeatureBins back = json.readValue(json.writeValueAsString(bins), FeatureBins.class);
        assertThat(back.ks(serving(2_000, 0.5, 0.5, 3)).get("x").statistic()).isGreaterThan(0.4);

        // as an older card stores it: no reference field
        com.fasterxml.jackson.databind.node.ObjectNode old = json.valueToTree(bins);
        old.withArray("features").forEach(h -> ((com.fasterxml.jackson.databind.node.ObjectNode) h).remove("reference"));
        FeatureBins older = json.treeToValue(old, FeatureBins.class);
        assertThat(older.ks(serving(2_000, 0.5, 0.5, 3))).isEmpty();
        assertThat(older.psi(serving(2_000, 0.5, 0.5, 3)).get("x")).isGreaterThan(0.2);
    }
}
