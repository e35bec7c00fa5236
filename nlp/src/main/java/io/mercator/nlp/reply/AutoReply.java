package io.mercator.nlp.reply;

import io.mercator.nlp.diversion.DiversionDetector;
import io.mercator.nlp.text.Lang;
import io.mercator.nlp.text.TextNormalizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Suggested replies to a buyer's message: the message's intent (the intent model), three templates
 * of that intent in the message's language, most used first ({@link TemplateUsage}), filled with
 * the listing's facts. A template that needs a fact the catalog does not have is skipped, so no
 * suggestion invents one; every suggestion passes the diversion check, so none carries contact
 * details.
 */
public final class AutoReply {

    public static final int SUGGESTIONS = 3;

    private final IntentClassifier intents;
    private final ReplyTemplates templates;
    private final ToLongFunction<String> uses;
    private final DiversionDetector diversion = new DiversionDetector();

    /** @param uses how often each template id was used */
    public AutoReply(IntentClassifier intents, ReplyTemplates templates, ToLongFunction<String> uses) {
        this.intents = intents;
        this.templates = templates;
        this.uses = uses;
    }

    /** One suggested reply. */
    public record Suggestion(String text, String intent, String templateId) {
    }

    /** The message's intent, the model's probability of it, the reply language and the suggestions. */
    public record Replies(String intent, double probability, String lang, List<Suggestion> suggestions) {
    }

    /** @param facts the listing's facts; null when the listing is unknown (generic replies, no facts) */
    public Replies suggest(String message, ListingFacts facts) {
        IntentClassifier.Intent intent = intents.classify(message);
        Lang lang = Lang.of(TextNormalizer.normalize(message).text());
        String replyLang = lang == Lang.TH || lang == Lang.MIXED ? "th" : "en";
        Map<String, String> known = facts == null ? Map.of() : facts.forReply(replyLang);
        List<Suggestion> out = new ArrayList<>();
        addFrom(intent.intent(), replyLang, known, out);
        if (out.size() < SUGGESTIONS) {
            addFrom("other", replyLang, known, out); // too few for this intent: polite generic ones
        }
        return new Replies(intent.intent(), intent.probability(), replyLang, List.copyOf(out));
    }

    private void addFrom(String intent, String lang, Map<String, String> known, List<Suggestion> out) {
        List<ReplyTemplates.Template> ranked = new ArrayList<>(templates.of(intent, lang));
        // most used first; a stable sort keeps the file order among equals
        ranked.sort(Comparator.comparingLong((ReplyTemplates.Template t) -> uses.applyAsLong(t.id())).reversed());
        for (ReplyTemplates.Template t : ranked) {
            if (out.size() == SUGGESTIONS) {
                return;
            }
            if (!known.keySet().containsAll(t.needs())) {
                continue;
            }
            String text = t.fill(known);
            if (!diversion.find(TextNormalizer.normalize(text)).isEmpty()) {
                continue; // a fact that reads as a contact (a title with a LINE ID in it) is not sent on
            }
            out.add(new Suggestion(text, t.intent(), t.id()));
        }
    }
}
