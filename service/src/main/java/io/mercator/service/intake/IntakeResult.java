package io.mercator.service.intake;

import io.mercator.events.validation.Rejection;

import java.util.List;

/** What happened to one batch posted to the intake. */
public sealed interface IntakeResult {

    /** Every event is durable in the log. */
    record Accepted(int count) implements IntakeResult {
    }

    /** Nothing was appended: the request itself is unusable (not JSON, too large, empty...). */
    record Malformed(String reason) implements IntakeResult {
    }

    /** Nothing was appended: these events are bad (the rest of the batch was fine). */
    record Rejected(List<Rejection> rejections) implements IntakeResult {
    }

    /** Nothing was acknowledged: the log is down; the client should retry the whole batch later. */
    record Unavailable(String reason) implements IntakeResult {
    }
}
