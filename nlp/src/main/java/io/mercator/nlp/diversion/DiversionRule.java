package io.mercator.nlp.diversion;

import io.mercator.nlp.Finding;

import java.util.List;

/** One way of spotting an attempt to take the buyer off the platform. */
interface DiversionRule {

    /** Adds what it finds in the text's views to {@code out}. */
    void find(DiversionViews views, List<Finding> out);
}
