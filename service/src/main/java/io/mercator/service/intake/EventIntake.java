package io.mercator.service.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mercator.events.Event;
import io.mercator.events.EventCodec;
import io.mercator.events.log.EventLog;
import io.mercator.events.log.LogUnavailableException;
import io.mercator.events.payload.BoostPayload;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.validation.CampaignDirectory;
import io.mercator.events.validation.EventValidator;
import io.mercator.events.validation.ListingDirectory;
import io.mercator.events.validation.Rejection;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The front door of the log: parses a posted JSON batch, runs the validation gate and appends the
 * batch only when every event passes, so a rejected batch leaves every store untouched.
 *
 * <p>Listings and boost campaigns accepted here count as known at once, before the projections
 * have caught up, so a client may publish a listing and post interactions about it right after, or
 * start a campaign and change its budget.
 */
public final class EventIntake {

    /** Largest batch one request may carry. */
    public static final int MAX_BATCH = 10_000;

    private final EventLog log;
    private final EventValidator validator;
    private final Set<String> acceptedListings = ConcurrentHashMap.newKeySet();
    private final Set<String> acceptedCampaigns = ConcurrentHashMap.newKeySet();

    public EventIntake(EventLog log, ListingDirectory catalog, CampaignDirectory campaigns, Clock clock) {
        this.log = log;
        this.validator = new EventValidator(clock,
                id -> acceptedListings.contains(id) || catalog.isKnown(id),
                id -> acceptedCampaigns.contains(id) || campaigns.isKnown(id));
    }

    /**
     * Parses and validates a request body. Costs CPU in proportion to the batch: callers on an
     * event loop run it on a worker.
     */
    public Validated check(byte[] body) {
        JsonNode root;
        try {
            root = EventCodec.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            return new Validated(List.of(), new IntakeResult.Malformed("body is not valid JSON: "
                    + e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            return new Validated(List.of(), new IntakeResult.Malformed("body cannot be read"));
        }
        JsonNode array = root != null && root.isObject() ? root.get("events") : root;
        if (array == null || !array.isArray()) {
            return new Validated(List.of(), new IntakeResult.Malformed(
                    "body must be a JSON array of events or an object {\"events\": [...]}"));
        }
        if (array.isEmpty()) {
            return new Validated(List.of(), new IntakeResult.Malformed("batch is empty"));
        }
        if (array.size() > MAX_BATCH) {
            return new Validated(List.of(), new IntakeResult.Malformed(
                    "batch of " + array.size() + " events is larger than " + MAX_BATCH));
        }
        List<Event> events = new ArrayList<>(array.size());
        List<Integer> positions = new ArrayList<>(array.size());
        List<Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            switch (EventCodec.parse(array.get(i))) {
                case EventCodec.Parsed.Ok ok -> {
                    events.add(ok.event());
                    positions.add(i);
                }
                case EventCodec.Parsed.Bad bad -> rejections.add(new Rejection(i, bad.id(), bad.reason()));
            }
        }
        // the well-formed events are checked too, so the client learns every problem at once;
        // the validator counts positions among them, so map those back to the request's
        for (Rejection r : validator.validate(events)) {
            rejections.add(new Rejection(positions.get(r.index()), r.eventId(), r.reason()));
        }
        if (rejections.isEmpty()) {
            return new Validated(events, null);
        }
        rejections.sort(java.util.Comparator.comparingInt(Rejection::index));
        return new Validated(List.of(), new IntakeResult.Rejected(rejections));
    }

    /** Appends a batch that {@link #check} found valid. */
    public Future<IntakeResult> append(List<Event> events) {
        return log.append(events).<IntakeResult>map(ack -> {
            for (Event e : events) {
                if (e.data() instanceof ListingPayload.Published) {
                    acceptedListings.add(e.key());
                } else if (e.data() instanceof BoostPayload.CampaignStarted c) {
                    acceptedCampaigns.add(c.campaignId());
                }
            }
            return new IntakeResult.Accepted(ack.count());
        }).recover(err -> err instanceof LogUnavailableException
                ? Future.succeededFuture(new IntakeResult.Unavailable(err.getMessage()))
                : Future.failedFuture(err));
    }

    /**
     * A checked batch: either events ready to append, or the result that refuses them.
     *
     * @param events  the events, when valid
     * @param refusal the result to answer with instead, or null when valid
     */
    public record Validated(List<Event> events, IntakeResult refusal) {
        public boolean isValid() {
            return refusal == null;
        }
    }
}
