package io.mercator.events.log.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One segment file of a partition, named by the offset of its first record. Only the last segment
 * of a partition is written to; {@link #size} is touched by the writer thread only.
 */
final class Segment implements AutoCloseable {

    static final String SUFFIX = ".log";

    final long baseOffset;
    final Path path;
    final FileChannel channel;
    long size;

    private Segment(long baseOffset, Path path, FileChannel channel, long size) {
        this.baseOffset = baseOffset;
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    static Segment open(Path dir, long baseOffset) throws IOException {
        Path path = dir.resolve(fileName(baseOffset));
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Segment(baseOffset, path, ch, ch.size());
    }

    static String fileName(long baseOffset) {
        return String.format("%020d%s", baseOffset, SUFFIX);
    }

    /** The base offset a segment file name stands for, or -1 when it is not a segment file. */
    static long baseOffsetOf(String fileName) {
        if (!fileName.endsWith(SUFFIX) || fileName.length() != 20 + SUFFIX.length()) {
            return -1;
        }
        try {
            return Long.parseLong(fileName, 0, 20, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
