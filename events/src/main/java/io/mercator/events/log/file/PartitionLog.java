package io.mercator.events.log.file;

import io.mercator.events.Event;
import io.mercator.events.EventCodec;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * One partition of the file log: its segment files, the offset index and the hand-over between
 * the single writer thread and the reader threads.
 *
 * <p>The writer writes frames, then (if asked) forces them, then extends the index and only then
 * publishes the new {@link #end} (volatile). Readers read {@code end} first and touch nothing at
 * or past it, so they never see a half-written record and never hold a lock while reading files.
 */
final class PartitionLog implements AutoCloseable {

    /** Upper bound of one read's file chunk; a read returns fewer records rather than more bytes. */
    private static final int MAX_READ_BYTES = 8 << 20;

    final LogPartition id;
    private final Path dir;
    private final long segmentBytes;
    private final boolean fsync;
    private final OffsetIndex frameEnds = new OffsetIndex();
    /** Recently appended records by offset, so readers at the tail skip the disk and the decoding. */
    private final LogRecord[] recent;
    private volatile Segment[] segments;
    private volatile long end;
    private volatile boolean closed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final AtomicInteger waiting = new AtomicInteger();

    // writer-thread state
    private final CRC32C writeCrc = new CRC32C();
    private ByteBuffer writeBuf = ByteBuffer.allocate(1 << 20);
    private boolean broken;

    private PartitionLog(LogPartition id, Path dir, long segmentBytes, boolean fsync, int recentCapacity) {
        this.id = id;
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
        this.recent = new LogRecord[Integer.highestOneBit(Math.max(1, recentCapacity))];
    }

    /**
     * Opens the partition's directory, rebuilding the index from the segment files. Earlier segments
     * must be intact (they were complete when the next one started); the last one is cut at its
     * first torn or corrupt frame, which can only hold bytes that were never acknowledged.
     */
    static PartitionLog open(LogPartition id, Path dir, long segmentBytes, boolean fsync, int recentCapacity)
            throws IOException {
        Files.createDirectories(dir);
        PartitionLog log = new PartitionLog(id, dir, segmentBytes, fsync, recentCapacity);
        List<Long> bases = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                long base = Segment.baseOffsetOf(f.getFileName().toString());
                if (base >= 0) {
                    bases.add(base);
                }
            }
        }
        bases.sort(null);
        if (bases.isEmpty()) {
            bases.add(0L);
        }
        List<Segment> segs = new ArrayList<>();
        try {
            long expectedBase = 0;
            for (int i = 0; i < bases.size(); i++) {
                Segment s = Segment.open(dir, bases.get(i));
                segs.add(s);
                if (s.baseOffset != expectedBase) {
                    throw new IOException("segment " + s.path + " should start at offset " + expectedBase
                            + "; the partition is missing records");
                }
                long fileSize = s.size;
                long[] count = {0};
                long intact = RecordFrame.scan(s.channel, fileSize, frameEnd -> {
                    log.frameEnds.add(frameEnd);
                    count[0]++;
                });
                boolean last = i == bases.size() - 1;
                if (intact < fileSize) {
                    if (!last) {
                        throw new IOException("segment " + s.path + " is corrupt at byte " + intact
                                + " but is not the last one; refusing to drop acknowledged records");
                    }
                    // only the tail of the last segment can hold an unacknowledged, torn write
                    s.channel.truncate(intact);
                    s.channel.force(true);
                    s.size = intact;
                }
                expectedBase += count[0];
            }
            log.end = expectedBase;
        } catch (IOException | RuntimeException e) {
            for (Segment s : segs) {
                closeQuietly(s);
            }
            throw e;
        }
        log.segments = segs.toArray(Segment[]::new);
        return log;
    }

    long end() {
        return end;
    }

    // ---------------------------------------------------------------- writer side

    /**
     * Writes records on the writer thread: one positional write per segment touched, then a force
     * when fsync is on, then publication to readers. On failure the segment is cut back to where it
     * was, so no torn frame stays behind; records of earlier chunks stay (at-least-once).
     */
    void append(List<byte[]> payloads, List<Event> events) throws IOException {
        if (broken) {
            throw new IOException("partition " + id + " could not undo an earlier failed write; reopen the log");
        }
        int n = payloads.size();
        int i = 0;
        while (i < n) {
            Segment s = segments[segments.length - 1];
            if (s.size > 0 && s.size + RecordFrame.frameLength(payloads.get(i)) > segmentBytes) {
                s = roll();
            }
            // frames for this segment: at least one, even when a single frame exceeds segmentBytes
            long size = s.size;
            int j = i;
            long bytes = 0;
            while (j < n) {
                int f = RecordFrame.frameLength(payloads.get(j));
                if (j > i && size + bytes + f > segmentBytes) {
                    break;
                }
                bytes += f;
                j++;
            }
            ByteBuffer buf = writeBuffer(Math.toIntExact(bytes));
            long[] ends = new long[j - i];
            long pos = size;
            for (int k = i; k < j; k++) {
                RecordFrame.put(buf, payloads.get(k), writeCrc);
                pos += RecordFrame.frameLength(payloads.get(k));
                ends[k - i] = pos;
            }
            buf.flip();
            try {
                RecordFrame.writeFully(s.channel, buf, size);
                if (fsync) {
                    s.channel.force(false);
                }
            } catch (IOException e) {
                undo(s, size, e);
                throw e;
            }
            s.size = pos;
            publish(events, i, j, ends);
            i = j;
        }
    }

    private void undo(Segment s, long size, IOException cause) {
        try {
            s.channel.truncate(size);
        } catch (IOException e) {
            cause.addSuppressed(e);
            broken = true;
        }
    }

    private void publish(List<Event> events, int from, int to, long[] ends) {
        long offset = end;
        int mask = recent.length - 1;
        for (int k = from; k < to; k++, offset++) {
            frameEnds.add(ends[k - from]);
            recent[(int) (offset & mask)] = new LogRecord(id, offset, events.get(k));
        }
        end = offset; // the publication point: everything above is visible to readers from here on
        if (waiting.get() > 0) {
            lock.lock();
            try {
                appended.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private Segment roll() throws IOException {
        Segment s = Segment.open(dir, end);
        Segment[] next = Arrays.copyOf(segments, segments.length + 1);
        next[next.length - 1] = s;
        segments = next;
        return s;
    }

    private ByteBuffer writeBuffer(int bytes) {
        if (writeBuf.capacity() < bytes) {
            writeBuf = ByteBuffer.allocate(Math.max(bytes, writeBuf.capacity() * 2));
        }
        writeBuf.clear();
        return writeBuf;
    }

    // ---------------------------------------------------------------- reader side

    /** Up to {@code max} records from {@code from} on, never past the published end; no waiting. */
    List<LogRecord> read(long from, int max) throws IOException {
        long e = end;
        if (from >= e) {
            return List.of();
        }
        int count = (int) Math.min(max, e - from);
        List<LogRecord> cached = fromRecent(from, count);
        if (cached != null) {
            return cached;
        }
        Segment[] segs = segments;
        int si = segmentOf(segs, from);
        Segment s = segs[si];
        long segmentEnd = si + 1 < segs.length ? Math.min(segs[si + 1].baseOffset, e) : e;
        count = (int) Math.min(count, segmentEnd - from);
        long start = from == s.baseOffset ? 0 : frameEnds.get(from - 1);
        while (count > 1 && frameEnds.get(from + count - 1) - start > MAX_READ_BYTES) {
            count = Math.max(1, count / 2);
        }
        int bytes = Math.toIntExact(frameEnds.get(from + count - 1) - start);
        byte[] arr = new byte[bytes];
        RecordFrame.readFully(s.channel, ByteBuffer.wrap(arr), start);
        CRC32C crc = new CRC32C();
        List<LogRecord> out = new ArrayList<>(count);
        int off = 0;
        for (int k = 0; k < count; k++) {
            int len = RecordFrame.readInt(arr, off);
            if (len <= 0 || off + RecordFrame.HEADER + len > bytes
                    || !RecordFrame.checksumMatches(arr, off, len, crc)) {
                throw new IllegalStateException("corrupt record at offset " + (from + k) + " of " + id
                        + " (" + s.path + ")");
            }
            byte[] payload = Arrays.copyOfRange(arr, off + RecordFrame.HEADER, off + RecordFrame.HEADER + len);
            out.add(new LogRecord(id, from + k, EventCodec.decode(payload)));
            off += RecordFrame.HEADER + len;
        }
        return out;
    }

    /** The records from the recent-records ring, or null when the first one has been overwritten. */
    private List<LogRecord> fromRecent(long from, int count) {
        int mask = recent.length - 1;
        List<LogRecord> out = null;
        for (int k = 0; k < count; k++) {
            long offset = from + k;
            LogRecord r = recent[(int) (offset & mask)];
            if (r == null || r.offset() != offset) {
                break; // overwritten by a newer record (or never there): the rest comes from disk
            }
            if (out == null) {
                out = new ArrayList<>(count);
            }
            out.add(r);
        }
        return out;
    }

    private static int segmentOf(Segment[] segs, long offset) {
        int lo = 0;
        int hi = segs.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (segs[mid].baseOffset <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Blocks until a record at {@code offset} is published, the time is up or the log closes. */
    void awaitRecord(long offset, long timeoutNanos) throws InterruptedException {
        if (end > offset || timeoutNanos <= 0) {
            return;
        }
        lock.lock();
        // the writer signals only when it sees a waiter; counting before re-checking end closes the gap
        waiting.incrementAndGet();
        try {
            long nanos = timeoutNanos;
            while (end <= offset && !closed && nanos > 0) {
                nanos = appended.awaitNanos(nanos);
            }
        } finally {
            waiting.decrementAndGet();
            lock.unlock();
        }
    }

    int segmentCount() {
        return segments.length;
    }

    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            appended.signalAll();
        } finally {
            lock.unlock();
        }
        for (Segment s : segments) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Segment s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a read/write channel loses nothing: every acknowledged write already reached it
        }
    }
}
