package io.mercator.service.health;

import io.mercator.events.log.EventLog;
import io.mercator.events.log.LogPartition;
import io.mercator.events.projection.ProjectionRunner;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether the service may take traffic: only once booting (opening the log, seeding the
 * demo marketplace) is over and every projection has caught up with the log as it stood then.
 * After that it stays ready while every projection lags by less than {@code maxLag} events, so a
 * burst of ingestion does not flap readiness.
 */
public final class Readiness {

    /**
     * The answer to one readiness check.
     *
     * @param ready  whether to take traffic
     * @param reason why not, or "ready"
     * @param lag    events each projection still has to apply
     */
    public record Report(boolean ready, String reason, Map<String, Long> lag) {
    }

    private final EventLog log;
    private final List<ProjectionRunner> runners;
    private final long maxLag;
    private volatile String bootPhase = "starting";
    private volatile Map<LogPartition, Long> bootTarget;
    private volatile boolean caughtUpOnce;
    private volatile Map<String, Long> lastLag = Map.of();

    public Readiness(EventLog log, List<ProjectionRunner> runners, long maxLag) {
        this.log = log;
        this.runners = List.copyOf(runners);
        this.maxLag = maxLag;
    }

    /** Says what boot is doing, for the not-ready answer ("seeding demo marketplace"). */
    public void bootPhase(String phase) {
        this.bootPhase = phase;
    }

    /** Boot is over: the projections must now reach the log's current end. */
    public Future<Void> bootFinished() {
        return endOffsets().map(ends -> {
            bootTarget = ends;
            return null;
        });
    }

    public Future<Report> check() {
        Map<LogPartition, Long> target = bootTarget;
        if (target == null) {
            return Future.succeededFuture(new Report(false, bootPhase, lastLag));
        }
        return endOffsets().map(ends -> {
            Map<String, Long> lag = lagPerProjection(ends);
            lastLag = lag;
            if (!caughtUpOnce) {
                caughtUpOnce = runners.stream().allMatch(r -> r.caughtUpTo(target));
                if (!caughtUpOnce) {
                    return new Report(false, "projections catching up with the log", lag);
                }
            }
            long worst = lag.values().stream().mapToLong(Long::longValue).max().orElse(0);
            return worst <= maxLag
                    ? new Report(true, "ready", lag)
                    : new Report(false, "a projection lags by " + worst + " events", lag);
        });
    }

    /** Whether the projections have once caught up with the log as it stood when boot finished. */
    public boolean caughtUpOnce() {
        return caughtUpOnce;
    }

    /** Lag per projection as of the last check (for metrics). */
    public Map<String, Long> lastLag() {
        return lastLag;
    }

    private Map<String, Long> lagPerProjection(Map<LogPartition, Long> ends) {
        Map<String, Long> lag = new LinkedHashMap<>();
        for (ProjectionRunner r : runners) {
            lag.put(r.id(), r.lag(ends));
        }
        return lag;
    }

    private Future<Map<LogPartition, Long>> endOffsets() {
        return endOffsets(log);
    }

    /** The log's end offset per partition, as of now. */
    public static Future<Map<LogPartition, Long>> endOffsets(EventLog log) {
        return log.partitions().compose(parts -> {
            List<Future<Long>> ends = new ArrayList<>();
            for (LogPartition p : parts) {
                ends.add(log.endOffset(p));
            }
            return Future.all(ends).map(all -> {
                Map<LogPartition, Long> m = new LinkedHashMap<>();
                for (int i = 0; i < parts.size(); i++) {
                    m.put(parts.get(i), ends.get(i).result());
                }
                return m;
            });
        });
    }
}
