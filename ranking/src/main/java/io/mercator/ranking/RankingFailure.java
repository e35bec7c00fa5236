package io.mercator.ranking;

/**
 * The one failure type of the ranking module, categorised by who must act: the caller (a bad
 * request, HTTP 400) or us (a misconfiguration or a bug, HTTP 500). Dependencies being down is not
 * a failure here: those fall back and show in {@code degraded}.
 */
public final class RankingFailure extends RuntimeException {

    /** Who is responsible. */
    public enum Category {
        /** The request is invalid; retrying it unchanged will fail again. */
        CLIENT,
        /** Ranking is misconfigured or a component has a bug. */
        SERVER
    }

    private final Category category;

    private RankingFailure(Category category, String message, Throwable cause) {
        super(message, cause);
        this.category = category;
    }

    public static RankingFailure badRequest(String message) {
        return new RankingFailure(Category.CLIENT, message, null);
    }

    public static RankingFailure misconfigured(String message) {
        return new RankingFailure(Category.SERVER, message, null);
    }

    public static RankingFailure bug(String message, Throwable cause) {
        return new RankingFailure(Category.SERVER, message, cause);
    }

    public Category category() {
        return category;
    }
}
