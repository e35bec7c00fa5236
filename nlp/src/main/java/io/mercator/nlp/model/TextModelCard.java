package io.mercator.nlp.model;

import io.mercator.nlp.classify.ClassificationReport;

import java.util.List;
import java.util.Map;

/**
 * What a text-model version is: when it was trained and by which code, on what data (each file with
 * its hash and how many rows went to training and how many were held out), its parameters, and
 * its figures on the held-out rows, which it never saw.
 */
public record TextModelCard(String version, long trainedAtMillis, String codeVersion, List<DataSource> data,
                            Map<String, String> parameters, Map<String, ClassificationReport> heldOut) {

    public TextModelCard {
        data = List.copyOf(data);
        parameters = Map.copyOf(parameters);
        heldOut = Map.copyOf(heldOut);
    }

    /** A training file: its name, where it was read, its SHA-256, and its rows for training and held out. */
    public record DataSource(String name, String path, String sha256, int trainRows, int heldOutRows) {
    }

    /** The code that trains: {@code mercator.codeVersion}, else the jar's version, else "development". */
    static String currentCode() {
        String property = System.getProperty("mercator.codeVersion");
        if (property != null && !property.isBlank()) {
            return property;
        }
        String manifest = TextModelCard.class.getPackage().getImplementationVersion();
        return manifest == null ? "development" : manifest;
    }
}
