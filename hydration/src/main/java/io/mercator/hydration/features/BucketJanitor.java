package io.mercator.hydration.features;

import java.util.ArrayDeque;

/**
 * Remembers which (key, bucket field) pairs of one windowed counter exist, oldest first, and hands
 * back those that have left the window as event time advances, so the projection can delete them.
 * Event time is nearly monotone, so a FIFO is enough: an out-of-order entry is only deleted a
 * little late, which readers do not notice because they ignore buckets outside the window.
 */
final class BucketJanitor {

    private record Entry(long bucket, String key, String field) {
    }

    private final WindowedCounter counter;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();

    BucketJanitor(WindowedCounter counter) {
        this.counter = counter;
    }

    void created(long bucket, String key, String field) {
        queue.addLast(new Entry(bucket, key, field));
    }

    /** Queues deletions for every remembered bucket outside the window as of the watermark. */
    void expire(long watermark, PendingWrites out) {
        long first = counter.firstLiveBucket(watermark);
        Entry head;
        while ((head = queue.peekFirst()) != null && head.bucket() < first) {
            queue.pollFirst();
            out.delete(head.key(), head.field());
        }
    }
}
