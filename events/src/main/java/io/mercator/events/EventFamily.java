package io.mercator.events;

/** The families of events; each names the entity its events are keyed by. */
public enum EventFamily {
    LISTING("listing id"),
    SELLER("seller id"),
    USER("user id"),
    INTERACTION("user id"),
    BOOST("listing id"),
    ADMIN("target id"),
    MODERATION("listing id"),
    TEXT("listing id"),
    CHAT("listing id"),
    MODEL("model kind");

    private final String keyMeaning;

    EventFamily(String keyMeaning) {
        this.keyMeaning = keyMeaning;
    }

    /** What the event key names for this family, as said in error messages. */
    public String keyMeaning() {
        return keyMeaning;
    }

    /** Lower-case name, used in wire type names and Kafka topic names. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
