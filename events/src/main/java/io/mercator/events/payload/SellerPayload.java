package io.mercator.events.payload;

/** Seller family: keyed by seller id. Trust signals come from these events. */
public sealed interface SellerPayload extends EventPayload {

    /** A seller account was opened; the province is where they mostly sell from. */
    record Registered(String province) implements SellerPayload {
    }

    /** Identity verified (for example by e-KYC). */
    record Verified(String method) implements SellerPayload {
    }

    /** A buyer reported the seller, optionally about one listing. */
    record Reported(String reason, String listingId) implements SellerPayload {
    }

    /** The seller is banned; their listings must no longer be served. */
    record Banned(String reason) implements SellerPayload {
    }
}
