package io.mercator.events.payload;

/** Chat family: what happens in buyer-seller chats; keyed by listing id. */
public sealed interface ChatPayload extends EventPayload {

    /**
     * A seller sent one of the suggested replies.
     *
     * @param templateId the suggestion's template
     * @param intent     the buyer message's intent it answered
     * @param lang       th or en
     */
    record SuggestionUsed(String templateId, String intent, String lang) implements ChatPayload {
    }
}
