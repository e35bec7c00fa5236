package io.mercator.learning.lifecycle;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The learning loop's meters, in Prometheus names:
 * <ul>
 *   <li>{@code mercator_model_impressions_total}, {@code mercator_model_clicks_total},
 *       {@code mercator_model_orders_total} {model_version}: traffic per served version;</li>
 *   <li>{@code mercator_model_ctr}, {@code mercator_model_cvr} {model_version}: clicks per impression,
 *       orders per click;</li>
 *   <li>{@code mercator_feature_psi} {feature}: PSI of the recent serving rows against production's
 *       training distribution (as of the last retraining check);</li>
 *   <li>{@code mercator_feature_ks_statistic}, {@code mercator_feature_ks_pvalue} {feature}: the
 *       two-sample Kolmogorov-Smirnov statistic and p-value of the same rows against the training
 *       quantile sketch on production's card;</li>
 *   <li>{@code mercator_canary_rollbacks_total}: canaries the monitor rolled back.</li>
 * </ul>
 * Meters of a version or feature are registered the first time {@link #refresh} sees it.
 */
public final class LearningLoopMetrics {

    private static final io.mercator.learning.registry.FeatureBins.Drift NONE =
            new io.mercator.learning.registry.FeatureBins.Drift(Double.NaN, Double.NaN);

    private static io.mercator.learning.registry.FeatureBins.Drift ks(ModelLifecycle l, String feature) {
        return l.lastKs().getOrDefault(feature, NONE);
    }

    private final MeterRegistry registry;
    private final ModelLifecycle lifecycle;
    private final Set<String> versions = ConcurrentHashMap.newKeySet();
    private final Set<String> features = ConcurrentHashMap.newKeySet();
    private final Set<String> ksFeatures = ConcurrentHashMap.newKeySet();

    public LearningLoopMetrics(MeterRegistry registry, ModelLifecycle lifecycle) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        FunctionCounter.builder("mercator.canary.rollbacks", lifecycle, ModelLifecycle::canaryRollbacks)
                .description("canaries the canary monitor rolled back (CTR significantly below production's)")
                .register(registry);
    }

    public void refresh() {
        ModelTraffic traffic = lifecycle.monitor().traffic();
        for (String v : traffic.all().keySet()) {
            if (versions.add(v)) {
                FunctionCounter.builder("mercator.model.impressions", traffic, t -> t.of(v).impressions())
                        .tag("model_version", v).description("listings shown, by the model version that ranked them")
                        .register(registry);
                FunctionCounter.builder("mercator.model.clicks", traffic, t -> t.of(v).clicks())
                        .tag("model_version", v).description("clicked (request, listing) pairs, by model version")
                        .register(registry);
                FunctionCounter.builder("mercator.model.orders", traffic, t -> t.of(v).orders())
                        .tag("model_version", v).description("orders on served listings, by model version")
                        .register(registry);
                Gauge.builder("mercator.model.ctr", traffic, t -> t.of(v).ctr()).tag("model_version", v)
                        .description("clicks per impression, by model version").register(registry);
                Gauge.builder("mercator.model.cvr", traffic, t -> t.of(v).cvr()).tag("model_version", v)
                        .description("orders per click, by model version").register(registry);
            }
        }
        for (String f : lifecycle.lastPsi().keySet()) {
            if (features.add(f)) {
                Gauge.builder("mercator.feature.psi", lifecycle, l -> l.lastPsi().getOrDefault(f, Double.NaN))
                        .tag("feature", f).description("population stability index, serving vs training")
                        .register(registry);
            }
        }
        for (String f : lifecycle.lastKs().keySet()) {
            if (ksFeatures.add(f)) {
                Gauge.builder("mercator.feature.ks.statistic", lifecycle, l -> ks(l, f).statistic()).tag("feature", f)
                        .description("Kolmogorov-Smirnov statistic, serving vs training: largest gap of the distributions")
                        .register(registry);
                Gauge.builder("mercator.feature.ks.pvalue", lifecycle, l -> ks(l, f).pValue()).tag("feature", f)
                        .description("two-sample Kolmogorov-Smirnov p-value, serving vs training (conservative: see FeatureBins)")
                        .register(registry);
            }
        }
    }
}
