package io.mercator.moderation;

import java.util.List;

/**
 * What a {@link QueueQuery} found.
 *
 * @param items the page, oldest first
 * @param total items matching the query on every page
 */
public record QueuePage(List<QueueItem> items, int total, int page, int size) {
}
