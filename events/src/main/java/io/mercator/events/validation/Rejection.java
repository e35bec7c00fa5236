package io.mercator.events.validation;

/**
 * Why one element of a batch was refused.
 *
 * @param index   position of the element in the batch, from 0
 * @param eventId the id it claimed, or null
 * @param reason  a sentence a client developer can act on
 */
public record Rejection(int index, String eventId, String reason) {
}
