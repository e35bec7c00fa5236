package io.mercator.fraud.loop;

import io.mercator.release.ReleaseControl;
import io.mercator.release.ReleaseEvents;
import io.mercator.release.ShadowComparison;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The fraud model's {@link ReleaseControl.Target}. Its versions are the models the loop trained:
 * the latest {@value FraudLoop#KEPT} in memory and, in the service, every one registered in the
 * {@link FraudModelStore} (read back when a release names it). While a release runs, the loop holds the
 * live model: retrained models wait as versions instead of replacing it. The shadow scores each of
 * the loop's batches beside the live model, on the loop's worker.
 */
public final class FraudRelease implements ReleaseControl.Target {

    private final FraudLoop loop;

    public FraudRelease(FraudLoop loop) {
        this.loop = loop;
    }

    public static ReleaseControl control(FraudLoop loop, ReleaseEvents events, Clock clock) {
        return new ReleaseControl("fraud", new FraudRelease(loop), events, clock);
    }

    @Override
    public String champion() {
        return loop.liveVersion();
    }

    @Override
    public List<String> versions() {
        return loop.versions();
    }

    @Override
    public void prepare(String version) {
        loop.hold(version);
    }

    @Override
    public void shadow(String version, ShadowComparison comparison) {
        loop.shadow(version, comparison);
    }

    @Override
    public void makeLive(String version, String actor, String reason) {
        loop.serve(version);
    }

    @Override
    public void unload(String version) {
        loop.letGo();
    }

    @Override
    public Map<String, Object> extra() {
        return Map.of("note", "versions are the fraud-model registry's (data/fraud-models); the loop keeps the latest "
                + FraudLoop.KEPT + " in memory and reads an older one back when a release names it");
    }
}
