package io.mercator.nlp.reply;

import io.mercator.events.Event;
import io.mercator.events.EventFamily;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.ChatPayload;
import io.mercator.events.projection.Projection;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How often sellers sent each suggested reply: a projection of {@code chat.suggestion_used}. The
 * auto-reply offers the most used templates of an intent first, so what sellers find useful rises.
 */
public final class TemplateUsage implements Projection {

    private final Map<String, Long> uses = new ConcurrentHashMap<>();

    @Override
    public String id() {
        return "reply-templates";
    }

    @Override
    public Future<Void> apply(List<LogRecord> batch) {
        for (LogRecord r : batch) {
            Event e = r.event();
            if (e.type().family() == EventFamily.CHAT && e.data() instanceof ChatPayload.SuggestionUsed used) {
                uses.merge(used.templateId(), 1L, Long::sum);
            }
        }
        return Future.succeededFuture();
    }

    public long uses(String templateId) {
        return uses.getOrDefault(templateId, 0L);
    }
}
