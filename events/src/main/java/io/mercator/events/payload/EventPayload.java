package io.mercator.events.payload;

/**
 * The typed body of an event. Each family is a sealed interface of records; the event type fixes
 * which record a payload is (see {@link io.mercator.events.EventType}).
 */
public sealed interface EventPayload
        permits ListingPayload, SellerPayload, UserPayload, InteractionPayload, BoostPayload,
        AdminPayload, ModerationPayload, TextPayload, ChatPayload, ModelPayload {
}
