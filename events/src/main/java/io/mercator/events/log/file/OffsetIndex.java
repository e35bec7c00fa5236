package io.mercator.events.log.file;

import java.util.Arrays;

/**
 * Offset to file position: for every record of a partition, the position just past its frame in
 * the segment that holds it. One writer adds; many readers get entries the writer published.
 *
 * <p>Readers only ask for entries below the partition's published end offset, which the writer
 * writes (volatile) after the entries, so a plain array read is safe. When the array grows the old
 * one keeps every value it had, so a reader holding it still answers correctly.
 */
final class OffsetIndex {

    private volatile long[] values = new long[4096];
    private int size;

    void add(long value) {
        long[] a = values;
        if (size == a.length) {
            if (a.length >= Integer.MAX_VALUE / 2) {
                throw new IllegalStateException("partition holds too many records for one index");
            }
            a = Arrays.copyOf(a, a.length * 2);
            values = a;
        }
        a[size++] = value;
    }

    long get(long index) {
        return values[Math.toIntExact(index)];
    }

    int size() {
        return size;
    }
}
