package io.mercator.autoboost;

import io.mercator.events.log.LogRecord;
import io.mercator.events.projection.Projection;
import io.vertx.core.Future;

import java.util.List;

/** Feeds the log to the {@link BoostLedger}; in memory, so it replays from the start at every start. */
public final class AutoboostProjection implements Projection {

    public static final String ID = "autoboost";

    private final BoostLedger ledger;

    public AutoboostProjection(BoostLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Future<Void> apply(List<LogRecord> batch) {
        for (LogRecord r : batch) {
            ledger.apply(r.event());
        }
        return Future.succeededFuture();
    }
}
