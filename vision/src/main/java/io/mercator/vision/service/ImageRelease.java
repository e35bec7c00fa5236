package io.mercator.vision.service;

import io.mercator.release.ReleaseControl;
import io.mercator.release.ReleaseEvents;
import io.mercator.release.ShadowComparison;
import io.mercator.release.ShadowRunner;
import io.mercator.vision.ImageAnalyzer;
import io.mercator.vision.category.CategoryHeadStore;
import io.mercator.vision.model.FineTunedBlocks;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The image models' {@link ReleaseControl.Target}, where image analysis runs in this process. What
 * a release changes is the category head (the registered, trained part; the backbone and the NSFW
 * head come from the npm package): versions are the {@link CategoryHeadStore}'s. A candidate is
 * built as an analyzer sharing the live backbone, so a blue-green switch or its way back is one
 * reference swap, followed by the registry's production pointer so a restart serves the same head.
 */
public final class ImageRelease implements ReleaseControl.Target {

    private final VisionEngine engine;
    private final CategoryHeadStore store;
    private final ShadowRunner runner;
    private final ReleaseEvents events;
    private final Map<String, ImageAnalyzer> prepared = new HashMap<>();

    public ImageRelease(VisionEngine engine, CategoryHeadStore store, ShadowRunner runner, ReleaseEvents events) {
        this.engine = engine;
        this.store = store;
        this.runner = runner;
        this.events = events;
    }

    public static ReleaseControl control(VisionEngine engine, CategoryHeadStore store, ShadowRunner runner,
                                         ReleaseEvents events, Clock clock) {
        return new ReleaseControl("image", new ImageRelease(engine, store, runner, events), events, clock);
    }

    @Override
    public String champion() {
        ImageAnalyzer a = engine.analyzer();
        return a == null ? null : a.headVersion();
    }

    @Override
    public List<String> versions() {
        return store.versions();
    }

    @Override
    public synchronized void prepare(String version) {
        ImageAnalyzer live = engine.analyzer();
        if (live == null) {
            throw new IllegalStateException("no image model is served yet");
        }
        CategoryHeadStore.Registered candidate = store.load(version);
        if (!FineTunedBlocks.same(candidate.blocks(), live.backbone().blocks())) {
            // a candidate runs on the live network: other retrained blocks would need a network of their own
            throw new IllegalStateException("image model " + version + " reads blocks retrained differently from the live "
                    + "model's: it is served after a restart with it as production");
        }
        if (candidate.head().inputSize() != live.head().inputSize()) {
            throw new IllegalStateException("image model " + version + " reads " + candidate.head().inputSize()
                    + " features, the backbone gives " + live.head().inputSize());
        }
        prepared.put(live.headVersion(), live);
        prepared.put(version, live.withHead(candidate.head(), version));
    }

    @Override
    public synchronized void shadow(String version, ShadowComparison comparison) {
        if (version == null) {
            engine.shadowWith(null);
            return;
        }
        ImageAnalyzer live = engine.analyzer();
        engine.shadowWith(new ImageShadow(live.headVersion(), version, prepared.get(version).head(), comparison, runner,
                events));
    }

    @Override
    public synchronized void makeLive(String version, String actor, String reason) {
        ImageAnalyzer next = prepared.get(version);
        if (next == null) {
            throw new IllegalStateException("image model " + version + " is not prepared");
        }
        engine.load(next);
        store.makeProduction(version);
    }

    @Override
    public synchronized void unload(String version) {
        prepared.clear();
    }
}
