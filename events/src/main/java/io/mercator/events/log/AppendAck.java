package io.mercator.events.log;

/** Confirms that a whole batch is durable in the log. */
public record AppendAck(int count) {
}
