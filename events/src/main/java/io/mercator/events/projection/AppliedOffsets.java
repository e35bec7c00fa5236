package io.mercator.events.projection;

import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How far a projection's in-memory state has applied each partition, for a projection whose apply
 * changes memory first and then writes elsewhere: when the write fails, the runner retries the
 * same records, and those already in memory must not be applied twice. This is not
 * de-duplication by event id (the runner does that); it is the one number per partition the state
 * needs to make a retried apply harmless. Used by the applying thread only.
 */
public final class AppliedOffsets {

    private final Map<LogPartition, Long> next = new HashMap<>();

    /** The records of the batch at or past what was applied, in order. */
    public List<LogRecord> notYetApplied(List<LogRecord> batch) {
        List<LogRecord> out = null;
        for (int i = 0; i < batch.size(); i++) {
            LogRecord r = batch.get(i);
            boolean applied = r.offset() < next.getOrDefault(r.partition(), 0L);
            if (applied && out == null) {
                out = new ArrayList<>(batch.subList(0, i));
            } else if (!applied && out != null) {
                out.add(r);
            }
        }
        return out == null ? batch : out;
    }

    /** Records that the batch's records are applied to memory. */
    public void applied(List<LogRecord> batch) {
        for (LogRecord r : batch) {
            next.merge(r.partition(), r.offset() + 1, Math::max);
        }
    }
}
