package io.mercator.vision.service;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class WorkerPriorityTest {

    @Test
    void lowersTheCallingThreadAndWhatItStartsNotTheOthers() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/thread-self/stat")), "per-thread nice values are Linux's");
        int before = WorkerPriority.niceness();
        int target = Math.min(19, before + 5);
        AtomicInteger lowered = new AtomicInteger(Integer.MIN_VALUE);
        AtomicInteger started = new AtomicInteger(Integer.MIN_VALUE);
        AtomicInteger raisedAgain = new AtomicInteger(Integer.MIN_VALUE);
        Thread worker = new Thread(() -> {
            try {
                WorkerPriority.lower(target);
                lowered.set(WorkerPriority.niceness());
                Thread child = new Thread(() -> {
                    try {
                        started.set(WorkerPriority.niceness());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                child.start();
                child.join();
                WorkerPriority.lower(Math.max(1, before)); // asks for a higher priority: never granted here
                raisedAgain.set(WorkerPriority.niceness());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        worker.start();
        worker.join();
        assertThat(lowered.get()).isEqualTo(target);
        assertThat(started.get()).as("a thread the lowered one starts (as PyTorch's and ONNX Runtime's are)").isEqualTo(target);
        assertThat(raisedAgain.get()).isEqualTo(target);
        assertThat(WorkerPriority.niceness()).as("the other threads").isEqualTo(before);
    }
}
