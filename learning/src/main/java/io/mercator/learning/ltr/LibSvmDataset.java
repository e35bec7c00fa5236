package io.mercator.learning.ltr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A learning-to-rank data set in LibSVM format, as LightGBM's examples ship it: one document a
 * line, {@code label index:value index:value ...}, and beside the file a {@code <file>.query}
 * file with the number of documents of each query, one a line, in file order.
 *
 * <p>Features are held densely, row-major: absent entries are 0, as LibSVM means. Indexes are
 * column numbers as written (LightGBM reads them the same way; column 0 stays 0 when the file
 * counts from 1, and a constant column is never split on). Data sets of a few hundred features
 * and some thousand documents, like LightGBM's example, take a few MB this way.
 *
 * @param labels   relevance grade of each document (0, 1, 2, ...)
 * @param features row-major values, {@code rows() x width}
 * @param width    columns per row
 * @param groups   documents per query, in order; they add up to the number of rows
 */
public record LibSvmDataset(float[] labels, float[] features, int width, int[] groups) {

    public LibSvmDataset {
        if (width < 1 || features.length != (long) labels.length * width) {
            throw new IllegalArgumentException("features must be labels x width");
        }
        long total = 0;
        for (int g : groups) {
            if (g < 1) {
                throw new IllegalArgumentException("a query has no documents");
            }
            total += g;
        }
        if (total != labels.length) {
            throw new IllegalArgumentException("query sizes add up to " + total + ", the data has " + labels.length
                    + " rows");
        }
    }

    /** Reads {@code file} and its group sizes from {@code file.query} beside it. */
    public static LibSvmDataset read(Path file) {
        Path query = file.resolveSibling(file.getFileName() + ".query");
        if (!Files.exists(query)) {
            throw new IllegalArgumentException("no query file " + query + ": a ranking data set needs the documents "
                    + "per query, one count a line");
        }
        List<Float> labels = new ArrayList<>();
        List<int[]> indexes = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        int maxIndex = -1;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] tokens = line.split("\\s+");
                int[] idx = new int[tokens.length - 1];
                float[] val = new float[tokens.length - 1];
                try {
                    labels.add(Float.parseFloat(tokens[0]));
                    for (int t = 1; t < tokens.length; t++) {
                        int colon = tokens[t].indexOf(':');
                        if (colon < 0) {
                            throw new NumberFormatException("'" + tokens[t] + "' is not index:value");
                        }
                        idx[t - 1] = Integer.parseInt(tokens[t], 0, colon, 10);
                        val[t - 1] = Float.parseFloat(tokens[t].substring(colon + 1));
                        if (idx[t - 1] < 0) {
                            throw new NumberFormatException("negative feature index");
                        }
                        maxIndex = Math.max(maxIndex, idx[t - 1]);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + " line " + lineNo + ": " + e.getMessage(), e);
                }
                indexes.add(idx);
                values.add(val);
            }
            int[] groups = Files.readAllLines(query, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
            int rows = labels.size();
            int width = Math.max(1, maxIndex + 1);
            float[] features = new float[rows * width];
            float[] y = new float[rows];
            for (int r = 0; r < rows; r++) {
                y[r] = labels.get(r);
                int[] idx = indexes.get(r);
                float[] val = values.get(r);
                for (int k = 0; k < idx.length; k++) {
                    features[r * width + idx[k]] = val[k];
                }
            }
            return new LibSvmDataset(y, features, width, groups);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Number of documents. */
    public int rows() {
        return labels.length;
    }

    /** Number of queries. */
    public int queries() {
        return groups.length;
    }

    /** The same data with {@code width} columns (at least the current), new ones 0: so a test set fits a model. */
    public LibSvmDataset withWidth(int newWidth) {
        if (newWidth == width) {
            return this;
        }
        if (newWidth < width) {
            throw new IllegalArgumentException("cannot drop columns: " + width + " > " + newWidth);
        }
        float[] out = new float[rows() * newWidth];
        for (int r = 0; r < rows(); r++) {
            System.arraycopy(features, r * width, out, r * newWidth, width);
        }
        return new LibSvmDataset(labels, out, newWidth, groups);
    }

    /** The queries named (by position), in the order given, with all their documents. */
    public LibSvmDataset selectQueries(int[] queryIndexes) {
        int[] start = new int[groups.length + 1];
        for (int q = 0; q < groups.length; q++) {
            start[q + 1] = start[q] + groups[q];
        }
        int rows = 0;
        for (int q : queryIndexes) {
            rows += groups[q];
        }
        float[] y = new float[rows];
        float[] x = new float[rows * width];
        int[] g = new int[queryIndexes.length];
        int r = 0;
        for (int k = 0; k < queryIndexes.length; k++) {
            int q = queryIndexes[k];
            g[k] = groups[q];
            System.arraycopy(labels, start[q], y, r, groups[q]);
            System.arraycopy(features, start[q] * width, x, r * width, groups[q] * width);
            r += groups[q];
        }
        return new LibSvmDataset(y, x, width, g);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LibSvmDataset d && width == d.width && Arrays.equals(labels, d.labels)
                && Arrays.equals(features, d.features) && Arrays.equals(groups, d.groups);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(labels) * 31 + Arrays.hashCode(groups);
    }

    @Override
    public String toString() {
        return "LibSvmDataset[" + rows() + " rows, " + queries() + " queries, " + width + " columns]";
    }
}
