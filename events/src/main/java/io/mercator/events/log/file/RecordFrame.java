package io.mercator.events.log.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * The on-disk framing of one record: {@code [int length][int crc32c][payload]}, big-endian.
 *
 * <p>The checksum covers the length field as well as the payload, so a torn or bit-flipped length
 * is caught even when it happens to point inside the file.
 */
final class RecordFrame {

    static final int HEADER = 8;
    /** Larger frames are treated as corruption: no event comes near this. */
    static final int MAX_PAYLOAD = 16 << 20;

    private RecordFrame() {
    }

    static int frameLength(byte[] payload) {
        return HEADER + payload.length;
    }

    /** Appends one frame at the buffer's position; the buffer must be heap-backed and large enough. */
    static void put(ByteBuffer buf, byte[] payload, CRC32C crc) {
        int start = buf.position();
        buf.putInt(payload.length);
        crc.reset();
        crc.update(buf.array(), buf.arrayOffset() + start, 4);
        crc.update(payload, 0, payload.length);
        buf.putInt((int) crc.getValue());
        buf.put(payload);
    }

    /** True when the frame at {@code off} of the array (header included) has a matching checksum. */
    static boolean checksumMatches(byte[] arr, int off, int payloadLength, CRC32C crc) {
        crc.reset();
        crc.update(arr, off, 4);
        crc.update(arr, off + HEADER, payloadLength);
        return (int) crc.getValue() == readInt(arr, off + 4);
    }

    static int readInt(byte[] arr, int off) {
        return (arr[off] & 0xff) << 24 | (arr[off + 1] & 0xff) << 16 | (arr[off + 2] & 0xff) << 8 | arr[off + 3] & 0xff;
    }

    /**
     * Walks the frames of a segment from its start, reading large chunks, and reports the end
     * position of every intact frame. Stops at the first frame that is cut short, has an
     * impossible length or a wrong checksum.
     *
     * @return the length of the intact prefix of the file
     */
    static long scan(FileChannel ch, long fileSize, LongConsumer onFrameEnd) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] arr = new byte[1 << 20];
        long bufStart = 0;  // file position of arr[0]
        int bufLen = 0;     // valid bytes in arr
        long pos = 0;
        while (true) {
            int off = (int) (pos - bufStart);
            if (bufLen - off < HEADER) {
                if (fileSize - pos < HEADER) {
                    return pos;
                }
                bufLen = load(ch, arr, pos, fileSize);
                bufStart = pos;
                continue;
            }
            int len = readInt(arr, off);
            if (len <= 0 || len > MAX_PAYLOAD || pos + HEADER + len > fileSize) {
                return pos;
            }
            if (bufLen - off < HEADER + len) {
                if (arr.length < HEADER + len) {
                    arr = new byte[HEADER + len];
                }
                bufLen = load(ch, arr, pos, fileSize);
                bufStart = pos;
                continue;
            }
            if (!checksumMatches(arr, off, len, crc)) {
                return pos;
            }
            pos += HEADER + len;
            onFrameEnd.accept(pos);
        }
    }

    /** Fills the array from {@code pos} with as many bytes as it holds or the file has left. */
    private static int load(FileChannel ch, byte[] arr, long pos, long fileSize) throws IOException {
        int want = (int) Math.min(arr.length, fileSize - pos);
        readFully(ch, ByteBuffer.wrap(arr, 0, want), pos);
        return want;
    }

    static void readFully(FileChannel ch, ByteBuffer dst, long pos) throws IOException {
        long p = pos;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, p);
            if (n < 0) {
                throw new IOException("unexpected end of segment at " + p);
            }
            p += n;
        }
    }

    static void writeFully(FileChannel ch, ByteBuffer src, long pos) throws IOException {
        long p = pos;
        while (src.hasRemaining()) {
            p += ch.write(src, p);
        }
    }
}
