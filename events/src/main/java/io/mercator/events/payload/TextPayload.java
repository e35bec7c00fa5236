package io.mercator.events.payload;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Text family: what text analysis said of a listing's text; keyed by listing id. */
public sealed interface TextPayload extends EventPayload {

    /**
     * The hash a listing's text is analysed under: the first 16 hex digits of SHA-256 over the
     * title and the description. Whoever reads a text event compares it with the listing's text as
     * it stands, so an analysis of text the seller has since changed counts for nothing.
     */
    static String textHash(String title, String description) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.valueOf(title).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(String.valueOf(description).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A listing's title and description as analysed.
     *
     * @param textHash     which text was analysed (a hash of title and description), so that an
     *                     analysis of text the seller has since changed is known as stale
     * @param safety       the combined safety score, 0..1, 1 safe
     * @param action       allow, review or block
     * @param lang         th, en, mixed or other
     * @param scores       per kind (offensive, prohibited, diversion, spam), 0..1
     * @param findings     what was found, with spans into the field it was found in
     * @param modelVersion the text-model version
     * @param hold         whether serving withholds the listing until a moderator decides
     */
    record Analyzed(String textHash, double safety, String action, String lang, Map<String, Double> scores,
                    List<TextFinding> findings, String modelVersion, boolean hold) implements TextPayload {

        public Analyzed {
            scores = scores == null ? Map.of() : Map.copyOf(scores);
            findings = findings == null ? List.of() : List.copyOf(findings);
        }
    }

    /**
     * Text analysis could not be reached: the listing is served, marked pending review, and
     * analysed again once analysis is back.
     *
     * @param textHash which text waits
     * @param reason   why, in words (timeout, breaker open, service stopped)
     */
    record Deferred(String textHash, String reason) implements TextPayload {
    }

    /**
     * One finding in a listing's text.
     *
     * @param field "title" or "description": {@code start}/{@code end} index that field
     */
    record TextFinding(String kind, String type, String field, int start, int end, String evidence, double confidence) {
    }
}
