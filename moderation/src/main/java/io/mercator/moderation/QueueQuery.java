package io.mercator.moderation;

/**
 * A page of the queue, oldest first.
 *
 * @param state       only items in this state; null for both
 * @param kind        only items with a flag of this kind; null for any
 * @param minAgeMillis only items opened at least this long ago; 0 for any
 * @param maxAgeMillis only items opened at most this long ago; {@link Long#MAX_VALUE} for any
 * @param page        0-based
 * @param size        items per page, 1..{@link #MAX_SIZE}
 */
public record QueueQuery(QueueItem.State state, String kind, long minAgeMillis, long maxAgeMillis, int page,
                         int size) {

    public static final int MAX_SIZE = 200;
    public static final int DEFAULT_SIZE = 50;

    public QueueQuery {
        if (page < 0 || size < 1 || size > MAX_SIZE || minAgeMillis < 0 || maxAgeMillis < minAgeMillis) {
            throw new IllegalArgumentException("page >= 0, size in 1.." + MAX_SIZE + ", 0 <= min age <= max age");
        }
    }

    /** Pending items of any kind, first page. */
    public static QueueQuery pending() {
        return new QueueQuery(QueueItem.State.PENDING, null, 0, Long.MAX_VALUE, 0, DEFAULT_SIZE);
    }
}
