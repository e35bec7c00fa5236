package io.mercator.vision.service;

import io.mercator.vision.ImageAnalyzer;
import io.mercator.vision.ImageReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * The image models at work. Until they are loaded it refuses with the reason ({@link Unavailable}),
 * never with an invented score. Plain and blocking: the vision verticle runs it on its worker pool.
 *
 * <p>Meters: {@code mercator.vision.analysis} (time per photo, decode included),
 * {@code mercator.vision.flags} (flag), {@code mercator.vision.categories} (label),
 * {@code mercator.vision.rejected} (status: photos refused as bad input).
 */
public final class VisionEngine {

    /** Image analysis cannot answer, and why (503). */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    private final MeterRegistry meters;
    private final Timer analysisTime;
    private volatile ImageAnalyzer analyzer;
    private volatile ImageAnalyzer.HeadTap shadow;
    private volatile String notLoadedBecause = "image models are loading";
    private volatile java.util.function.Supplier<io.mercator.vision.face.FaceMatcher> facesLoader;
    private volatile io.mercator.vision.face.FaceMatcher faces;
    private volatile String facesNotLoadedBecause = "face models are loading";
    private final Timer ekycTime;

    public VisionEngine(MeterRegistry meters) {
        this.meters = meters;
        this.analysisTime = Timer.builder("mercator.vision.analysis").description("time to analyse one photo, decoding included")
                .publishPercentileHistogram().register(meters);
        this.ekycTime = Timer.builder("mercator.vision.ekyc").description("time of one identity check (ID photo and selfie), decoding included")
                .publishPercentileHistogram().register(meters);
    }

    /** What {@code mercator.vision.stage} measures: one description for every stage, wherever it is timed. */
    public static final String STAGE_DESCRIPTION = "time of one stage of a photo's analysis, by stage"
            + " (backbone: the MobileNetV2 forward pass; near_duplicates: the scan of the photo index)";

    /** Latency per stage and model ({@code mercator.vision.stage}, tagged by stage). */
    private final ImageAnalyzer.Stages stages = new ImageAnalyzer.Stages() {
        private final java.util.Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void took(String stage, long nanos) {
            timers.computeIfAbsent(stage, st -> Timer.builder("mercator.vision.stage").tag("stage", st)
                    .description(STAGE_DESCRIPTION)
                    .publishPercentileHistogram().register(meters)).record(nanos, TimeUnit.NANOSECONDS);
        }
    };

    public void load(ImageAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    public void notLoaded(String reason) {
        notLoadedBecause = reason;
    }

    /** What analyses photos now, or null. */
    public ImageAnalyzer analyzer() {
        return analyzer;
    }

    /** From now on every analysed photo's features and category are shown to {@code shadow}; null stops it. */
    public void shadowWith(ImageAnalyzer.HeadTap shadow) {
        this.shadow = shadow;
    }

    /**
     * Where the face models come from: loaded at the first identity check, not at start. With them
     * loaded in the process, the vision bench's {@code /feed} beside photo analysis fell from under
     * 10 ms to over a second at p50 on 2 cores in 3 of 4 runs (README, "Identity checks"; the cause
     * is not established), so a service that never checks an identity does not hold them.
     */
    public void loadFaces(java.util.function.Supplier<io.mercator.vision.face.FaceMatcher> loader) {
        this.facesLoader = loader;
    }

    public void facesNotLoaded(String reason) {
        facesNotLoadedBecause = reason;
    }

    /**
     * Compares an ID photo with a selfie. Meters: {@code mercator.vision.ekyc} (time per check) and
     * {@code mercator.vision.ekyc.decisions} (decision: the mix of match, no_match and review).
     */
    public io.mercator.vision.face.FaceMatch matchFaces(byte[] idPhoto, byte[] selfie) {
        io.mercator.vision.face.FaceMatcher f = faces();
        long start = System.nanoTime();
        try {
            io.mercator.vision.face.FaceMatch m = f.match(idPhoto, selfie);
            ekycTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            Counter.builder("mercator.vision.ekyc.decisions").tag("decision", m.decision()).register(meters).increment();
            return m;
        } catch (io.mercator.vision.face.FaceMatcher.BadPhoto bad) {
            Counter.builder("mercator.vision.rejected").tag("status", Integer.toString(bad.status())).register(meters).increment();
            throw bad;
        }
    }

    /** Whether identity checks can be answered: the face models are there to load (or loaded). */
    public boolean facesReady() {
        return facesLoader != null;
    }

    private io.mercator.vision.face.FaceMatcher faces() {
        io.mercator.vision.face.FaceMatcher f = faces;
        if (f != null) {
            return f;
        }
        java.util.function.Supplier<io.mercator.vision.face.FaceMatcher> loader = facesLoader;
        if (loader == null) {
            throw new Unavailable(facesNotLoadedBecause);
        }
        synchronized (this) {
            if (faces == null) {
                faces = loader.get();
            }
            return faces;
        }
    }

    public boolean ready() {
        return analyzer != null;
    }

    public String modelVersion() {
        ImageAnalyzer a = analyzer;
        return a == null ? null : a.modelVersion();
    }

    public ImageReport analyze(byte[] photo) {
        ImageAnalyzer a = analyzer;
        if (a == null) {
            throw new Unavailable(notLoadedBecause);
        }
        long start = System.nanoTime();
        try {
            ImageReport r = a.analyze(photo, stages, shadow);
            analysisTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            Counter.builder("mercator.vision.categories").tag("label", r.category().label()).register(meters).increment();
            for (String flag : r.safetyFlags()) {
                Counter.builder("mercator.vision.flags").tag("flag", flag).register(meters).increment();
            }
            return r;
        } catch (io.mercator.vision.image.BadImage bad) {
            Counter.builder("mercator.vision.rejected").tag("status", Integer.toString(bad.status())).register(meters).increment();
            throw bad;
        }
    }
}
