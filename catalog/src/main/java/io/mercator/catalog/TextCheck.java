package io.mercator.catalog;

/** Where a listing's text stands with text analysis. */
public enum TextCheck {
    /** Not analysed yet (just published, or its text changed). */
    UNCHECKED,
    /** Analysis could not be reached: served, and analysed again once analysis is back. */
    PENDING_REVIEW,
    /** Analysed, nothing that withholds it. */
    CHECKED,
    /** Analysis found prohibited goods or a diversion with high confidence: withheld until a moderator decides. */
    HELD
}
