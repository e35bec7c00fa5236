package io.mercator.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.ref.WeakReference;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A closed service lets its state go: a process that starts a service after another (a bench over
 * two candidate budgets, a restart in tests) must not carry the first one's catalog, stores and
 * indexes. Found in the bench: the second service ran with the first one still reachable.
 */
class ReleaseOnCloseTest {

    @TempDir
    Path dataDir;

    @Test
    void aClosedServiceIsCollected() throws Exception {
        WeakReference<?>[] refs = serveOnceAndClose();
        for (int i = 0; i < 20 && (refs[0].get() != null || refs[1].get() != null); i++) {
            System.gc();
            Thread.sleep(100);
        }
        assertThat(refs[1].get()).as("the closed service's catalog").isNull();
        assertThat(refs[0].get()).as("the closed service").isNull();
    }

    /** In its own frame, so that no local variable of the test keeps the service reachable. */
    private WeakReference<?>[] serveOnceAndClose() throws Exception {
        try (RunningMercator running = RunningMercator.start(dataDir, true).awaitReady()) {
            assertThat(running.get("/feed?lat=13.75&lon=100.5").statusCode()).isEqualTo(200);
            return new WeakReference<?>[] {new WeakReference<>(running.mercator),
                    new WeakReference<>(running.mercator.catalog())};
        }
    }
}
