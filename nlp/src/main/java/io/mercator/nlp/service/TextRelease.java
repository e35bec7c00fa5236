package io.mercator.nlp.service;

import io.mercator.nlp.model.TextModelStore;
import io.mercator.release.ReleaseControl;
import io.mercator.release.ReleaseEvents;
import io.mercator.release.ShadowComparison;
import io.mercator.release.ShadowRunner;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The text models' {@link ReleaseControl.Target}, where the text engine runs in this process.
 * Versions are the text-model registry's ({@link TextModelStore}); a candidate is read and built
 * ready to serve beside the live version (and the live one kept built), so a blue-green switch or
 * its way back is one reference swap in the engine, followed by moving the registry's production
 * pointer so a restart serves the same version.
 */
public final class TextRelease implements ReleaseControl.Target {

    private final TextEngine engine;
    private final TextModelStore store;
    private final ShadowRunner runner;
    private final ReleaseEvents events;
    private final Map<String, TextEngine.Serving> prepared = new HashMap<>();

    public TextRelease(TextEngine engine, TextModelStore store, ShadowRunner runner, ReleaseEvents events) {
        this.engine = engine;
        this.store = store;
        this.runner = runner;
        this.events = events;
    }

    public static ReleaseControl control(TextEngine engine, TextModelStore store, ShadowRunner runner,
                                         ReleaseEvents events, Clock clock) {
        return new ReleaseControl("text", new TextRelease(engine, store, runner, events), events, clock);
    }

    @Override
    public String champion() {
        return engine.modelVersion();
    }

    @Override
    public List<String> versions() {
        return store.versions();
    }

    @Override
    public synchronized void prepare(String version) {
        TextEngine.Serving live = engine.serving();
        if (live == null) {
            throw new IllegalStateException("no text model is served yet");
        }
        prepared.put(live.version(), live);
        prepared.put(version, engine.prepare(store.load(version)));
    }

    @Override
    public synchronized void shadow(String version, ShadowComparison comparison) {
        engine.shadowWith(version == null ? null
                : new TextShadow(prepared.get(version).analyzer(), comparison, runner, events));
    }

    @Override
    public synchronized void makeLive(String version, String actor, String reason) {
        TextEngine.Serving next = prepared.get(version);
        if (next == null) {
            throw new IllegalStateException("text model " + version + " is not prepared");
        }
        engine.serve(next);
        store.makeProduction(version);
    }

    @Override
    public synchronized void unload(String version) {
        prepared.clear();
    }
}
