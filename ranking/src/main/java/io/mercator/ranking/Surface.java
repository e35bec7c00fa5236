package io.mercator.ranking;

/** Where a ranked list is shown. */
public enum Surface {
    /** GET /feed: what to show a buyer who did not type anything. */
    FEED("feed"),
    /** GET /search: listings matching the buyer's text. */
    SEARCH("search");

    private final String wireName;

    Surface(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in impressions and feature rows ({@code "feed"}, {@code "search"}). */
    public String wireName() {
        return wireName;
    }
}
