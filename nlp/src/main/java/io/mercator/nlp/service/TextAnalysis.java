package io.mercator.nlp.service;

import io.mercator.nlp.TextInput;
import io.mercator.nlp.TextReport;
import io.mercator.nlp.reply.AutoReply;
import io.mercator.nlp.reply.ListingFacts;
import io.vertx.core.Future;

import java.util.List;

/**
 * The text service as its callers see it: the HTTP front, and the listing flow that analyses every
 * new listing. Implementations: {@link EventBusTextAnalysis} (the nlp verticle in this process)
 * and {@link HttpTextAnalysis} (a separate nlp deployment); {@link GuardedTextAnalysis} adds the
 * timeout and circuit breaker. Both pass {@code TextAnalysisContract}.
 *
 * <p>A failed future carries {@link Down} when the service cannot answer (not there, timed out,
 * no model, breaker open) and {@link TextRequests.Bad} for a request it refuses.
 */
public interface TextAnalysis {

    /** One report per text, in order. */
    Future<List<TextReport>> analyze(List<TextInput> texts);

    /** Suggested replies to a buyer's message; {@code facts} null for an unknown listing. */
    Future<AutoReply.Replies> suggest(String message, String listingId, ListingFacts facts);

    /** Text analysis cannot answer now, and why; callers fall back (serve, mark for review, retry). */
    final class Down extends RuntimeException {
        public Down(String reason) {
            super(reason, null, false, false);
        }
    }
}
