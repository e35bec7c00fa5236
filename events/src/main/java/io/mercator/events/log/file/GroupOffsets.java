package io.mercator.events.log.file;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumer-group offsets: one small text file per group ({@code <partition> <nextOffset>} per
 * line), replaced whole by writing a temporary file and renaming it over the old one, so a crash
 * leaves either the old or the new offsets, never a mix.
 */
final class GroupOffsets {

    private static final String SUFFIX = ".offsets";

    private final Path dir;
    private final int partitions;
    private final boolean fsync;
    /** Per group, next offset per partition; the array is also the lock for writing the group's file. */
    private final ConcurrentHashMap<String, long[]> groups = new ConcurrentHashMap<>();

    GroupOffsets(Path dir, int partitions, boolean fsync) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.partitions = partitions;
        this.fsync = fsync;
    }

    long committed(String group, int partition) throws IOException {
        long[] offsets = load(group);
        synchronized (offsets) {
            return offsets[partition];
        }
    }

    void commit(String group, int partition, long nextOffset) throws IOException {
        long[] offsets = load(group);
        synchronized (offsets) {
            long previous = offsets[partition];
            offsets[partition] = nextOffset;
            try {
                write(group, offsets);
            } catch (IOException e) {
                offsets[partition] = previous;
                throw e;
            }
        }
    }

    private long[] load(String group) throws IOException {
        long[] offsets = groups.get(group);
        if (offsets != null) {
            return offsets;
        }
        long[] read = read(group);
        long[] raced = groups.putIfAbsent(group, read);
        return raced != null ? raced : read;
    }

    private long[] read(String group) throws IOException {
        long[] offsets = new long[partitions];
        List<String> lines;
        Path file = fileOf(group);
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return offsets;
        }
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split(" ");
            try {
                int p = Integer.parseInt(parts[0]);
                long offset = Long.parseLong(parts[1]);
                if (p >= 0 && p < partitions) {
                    offsets[p] = offset;
                }
            } catch (RuntimeException e) {
                throw new IOException("malformed line '" + line + "' in " + file, e);
            }
        }
        return offsets;
    }

    private void write(String group, long[] offsets) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < offsets.length; p++) {
            text.append(p).append(' ').append(offsets[p]).append('\n');
        }
        Path target = fileOf(group);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            RecordFrame.writeFully(ch, buf, 0);
            if (fsync) {
                ch.force(true);
            }
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Group names are free text; URL-encoding keeps them to safe file-name characters. */
    private Path fileOf(String group) {
        return dir.resolve(URLEncoder.encode(group, StandardCharsets.UTF_8) + SUFFIX);
    }
}
