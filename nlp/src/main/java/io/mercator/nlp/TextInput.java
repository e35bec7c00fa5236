package io.mercator.nlp;

import java.util.Locale;

/**
 * A text to analyse, where it comes from, and the listing it belongs to (optional).
 */
public record TextInput(String text, Context context, String listingId) {

    /** Where a text was written; the wire names are lower case. */
    public enum Context {
        LISTING_TITLE, LISTING_DESCRIPTION, CHAT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the allowed values */
        public static Context fromWire(String wire) {
            for (Context c : values()) {
                if (c.wireName().equals(wire)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("context must be listing_title, listing_description or chat, not '" + wire + "'");
        }
    }
}
