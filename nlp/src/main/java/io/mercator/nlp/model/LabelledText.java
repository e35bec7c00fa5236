package io.mercator.nlp.model;

/** A text with its label, as a training or evaluation row. */
public record LabelledText(String text, String label) {
}
