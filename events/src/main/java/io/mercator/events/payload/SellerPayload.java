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

    /**
     * An identity check: a selfie against an ID photo. Never an image, never the face vector: only a
     * salted hash of the quantised vector, so that the same face can be recognised again by the
     * holder of the salt and by nobody else.
     *
     * @param faceHash       salted SHA-256 of the quantised selfie embedding, hex
     * @param faceMatchScore calibrated probability that the two photos show one person
     * @param livenessProb   probability that the selfie is of a live person, not a photo of a photo
     * @param decision       match, no_match or review
     * @param reasons        why, in words
     * @param modelVersion   the face models' version
     */
    record KycChecked(String faceHash, double faceMatchScore, double livenessProb, String decision,
                      java.util.List<String> reasons, String modelVersion) implements SellerPayload {

        public KycChecked {
            reasons = reasons == null ? java.util.List.of() : java.util.List.copyOf(reasons);
        }
    }
}
