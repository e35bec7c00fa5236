package io.mercator.learning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Training rows kept compactly: features in fixed-size float blocks (no per-row objects, and no
 * doubling copy of one huge array as it grows), ids as indexes into dictionaries, labels as bits.
 * The demo marketplace's 1.26M rows of 30 features take about 150 MB.
 *
 * <p>Rows are appended by the {@link TrainingSetProjection} in the order their attribution
 * windows close; reading is safe once the projection is done with them (not thread-safe while it
 * appends).
 */
public final class TrainingSet {

    static final int CLICK = 1, CART = 2, ORDER = 4;
    private static final int BLOCK_ROWS = 8192;

    private final List<String> featureNames;
    private final int width;
    private final List<float[]> blocks = new ArrayList<>();
    private long[] ts = new long[BLOCK_ROWS];
    private int[] request = new int[BLOCK_ROWS];
    private int[] user = new int[BLOCK_ROWS];
    private int[] listing = new int[BLOCK_ROWS];
    private byte[] surface = new byte[BLOCK_ROWS];
    private byte[] labels = new byte[BLOCK_ROWS];
    private int size;

    private final Dictionary requests = new Dictionary();
    private final Dictionary users = new Dictionary();
    private final Dictionary listings = new Dictionary();
    private final Dictionary surfaces = new Dictionary();

    public TrainingSet(List<String> featureNames) {
        this.featureNames = List.copyOf(featureNames);
        this.width = featureNames.size();
    }

    /** Number of rows. */
    public int size() {
        return size;
    }

    public List<String> featureNames() {
        return featureNames;
    }

    /** Features per row. */
    public int width() {
        return width;
    }

    void add(String requestId, String userId, String listingId, long timestamp, String surfaceName,
             float[] features, int labelBits) {
        if (features.length != width) {
            throw new IllegalArgumentException("row has " + features.length + " features, expected " + width);
        }
        if (size == ts.length) {
            int n = ts.length * 2;
            ts = java.util.Arrays.copyOf(ts, n);
            request = java.util.Arrays.copyOf(request, n);
            user = java.util.Arrays.copyOf(user, n);
            listing = java.util.Arrays.copyOf(listing, n);
            surface = java.util.Arrays.copyOf(surface, n);
            labels = java.util.Arrays.copyOf(labels, n);
        }
        int block = size / BLOCK_ROWS;
        if (block == blocks.size()) {
            blocks.add(new float[BLOCK_ROWS * width]);
        }
        System.arraycopy(features, 0, blocks.get(block), (size % BLOCK_ROWS) * width, width);
        ts[size] = timestamp;
        request[size] = requests.id(requestId);
        user[size] = users.id(userId);
        listing[size] = listings.id(listingId);
        surface[size] = (byte) surfaces.id(surfaceName);
        labels[size] = (byte) labelBits;
        size++;
    }

    /** One feature of one row. */
    public float feature(int row, int feature) {
        check(row);
        return blocks.get(row / BLOCK_ROWS)[(row % BLOCK_ROWS) * width + feature];
    }

    /** Copies a row's features into {@code dst} at {@code offset}. */
    public void copyFeatures(int row, float[] dst, int offset) {
        check(row);
        System.arraycopy(blocks.get(row / BLOCK_ROWS), (row % BLOCK_ROWS) * width, dst, offset, width);
    }

    /** Copies a row's features into {@code dst} at {@code offset}, widened to doubles. */
    public void copyFeatures(int row, double[] dst, int offset) {
        check(row);
        float[] b = blocks.get(row / BLOCK_ROWS);
        int from = (row % BLOCK_ROWS) * width;
        for (int f = 0; f < width; f++) {
            dst[offset + f] = b[from + f];
        }
    }

    public long ts(int row) {
        check(row);
        return ts[row];
    }

    public boolean clicked(int row) {
        check(row);
        return (labels[row] & CLICK) != 0;
    }

    public boolean carted(int row) {
        check(row);
        return (labels[row] & CART) != 0;
    }

    public boolean ordered(int row) {
        check(row);
        return (labels[row] & ORDER) != 0;
    }

    /** Order 3, cart 2, click 1, nothing 0. */
    public int grade(int row) {
        return ordered(row) ? 3 : carted(row) ? 2 : clicked(row) ? 1 : 0;
    }

    /** A dense index of the row's request (0..requestCount-1), for grouping without strings. */
    public int requestIndex(int row) {
        check(row);
        return request[row];
    }

    public String requestId(int row) {
        return requests.name(requestIndex(row));
    }

    public String userId(int row) {
        check(row);
        return users.name(user[row]);
    }

    public String listingId(int row) {
        check(row);
        return listings.name(listing[row]);
    }

    public String surface(int row) {
        check(row);
        return surfaces.name(surface[row]);
    }

    /** The row as a record (allocates; for tests, audits and small reads). */
    public TrainingRow row(int i) {
        float[] f = new float[width];
        copyFeatures(i, f, 0);
        int l = labels[i];
        return new TrainingRow(requestId(i), userId(i), listingId(i), ts(i), surface(i), f,
                (l & CLICK) != 0, (l & CART) != 0, (l & ORDER) != 0);
    }

    private void check(int row) {
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException("row " + row + " of " + size);
        }
    }

    /** Strings to dense ints and back, so a million rows share a few thousand id strings. */
    private static final class Dictionary {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> names = new ArrayList<>();

        int id(String name) {
            Integer id = ids.get(name);
            if (id == null) {
                id = names.size();
                ids.put(name, id);
                names.add(name);
            }
            return id;
        }

        String name(int id) {
            return names.get(id);
        }
    }
}
