package io.mercator.learning.release;

import io.mercator.release.ReleasePlan;
import io.mercator.release.ReleaseControl;
import io.mercator.release.ReleaseEvents;
import io.mercator.release.ShadowComparison;
import io.mercator.release.ShadowRunner;

import io.mercator.learning.ClickModels;
import io.mercator.learning.lifecycle.ModelLifecycle;
import io.mercator.learning.registry.RegisteredModel;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ranker's {@link ReleaseControl.Target}: versions are the registry's; a candidate is loaded
 * and pinned in the {@link ModelLifecycle} (with production, so blue stays loaded after a switch);
 * a blue-green switch is a registry switch that swaps the serving pair in one atomic step; the
 * shadow is {@link RankerShadow}. A blue-green release is refused while a canary runs: production
 * must not change under the canary's comparison.
 */
public final class RankerRelease implements ReleaseControl.Target {

    private final ModelLifecycle lifecycle;
    private final RankerShadow shadow;

    public RankerRelease(ModelLifecycle lifecycle, RankerShadow shadow) {
        this.lifecycle = lifecycle;
        this.shadow = shadow;
    }

    /** The ranker's release controls; installs the shadow in the lifecycle's router and records its canary's transitions. */
    public static ReleaseControl control(ModelLifecycle lifecycle, ShadowRunner runner, ReleaseEvents events, Clock clock) {
        RankerShadow shadow = new RankerShadow(runner, events, lifecycle::productionVersion);
        lifecycle.router().shadowWith(shadow);
        lifecycle.recordReleasesIn(events);
        return new ReleaseControl("ranker", new RankerRelease(lifecycle, shadow), events, clock);
    }

    @Override
    public String champion() {
        return lifecycle.productionVersion();
    }

    @Override
    public List<String> versions() {
        return lifecycle.registry().list().stream().map(RegisteredModel::version).toList();
    }

    @Override
    public void checkStart(ReleasePlan.Mode mode, String version) {
        if (mode == ReleasePlan.Mode.BLUE_GREEN && lifecycle.registry().staging().isPresent()) {
            throw new IllegalStateException("a canary of " + lifecycle.registry().staging().get().version()
                    + " is running: promote or abort it before a blue-green release");
        }
    }

    @Override
    public void prepare(String version) {
        String production = lifecycle.productionVersion();
        if (production != null) {
            lifecycle.pin(production);
        }
        ClickModels m = lifecycle.pin(version);
        m.predict(new double[m.featureNames().size()], 1); // warm: the first prediction pays for lazy set-up
    }

    @Override
    public void shadow(String version, ShadowComparison comparison) {
        if (version == null) {
            shadow.stop();
        } else {
            shadow.start(lifecycle.pin(version), comparison);
        }
    }

    @Override
    public void makeLive(String version, String actor, String reason) {
        if (!version.equals(lifecycle.productionVersion())) {
            lifecycle.switchProduction(version, actor, reason);
        }
    }

    @Override
    public void unload(String version) {
        lifecycle.unpinAll();
    }

    @Override
    public Map<String, Object> extra() {
        Map<String, Object> out = new LinkedHashMap<>();
        lifecycle.registry().staging().ifPresent(s -> {
            out.put("canary", s.version());
            out.put("canary_percent", lifecycle.router().assignment().percent());
        });
        return out;
    }
}
