package io.mercator.hydration.store.redis;

import io.mercator.hydration.store.StoreWrite;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns store writes and reads into Redis requests. Each write becomes one <em>unit</em>: the
 * requests that must travel together, in order, on one connection. Most units are one command; a
 * list replacement is {@code MULTI, DEL, RPUSH, EXEC} so that no reader sees the list missing
 * between the delete and the push. Writes that Redis would reject as malformed but that mean
 * "nothing to do" (an HSET or HDEL without fields) become no unit at all.
 */
final class RedisCommands {

    private RedisCommands() {
    }

    /** The units of a write batch, in the order of the writes. */
    static List<List<Request>> units(List<StoreWrite> writes) {
        List<List<Request>> units = new ArrayList<>(writes.size());
        for (StoreWrite w : writes) {
            List<Request> unit = unit(w);
            if (!unit.isEmpty()) {
                units.add(unit);
            }
        }
        return units;
    }

    static List<Request> unit(StoreWrite write) {
        return switch (write) {
            case StoreWrite.SetFields s -> {
                if (s.fields().isEmpty()) {
                    yield List.of();
                }
                Request r = Request.cmd(Command.HSET).arg(s.key());
                for (Map.Entry<String, String> f : s.fields().entrySet()) {
                    if (f.getValue() == null) {
                        throw new IllegalArgumentException("field " + f.getKey() + " has no value");
                    }
                    r.arg(f.getKey()).arg(f.getValue());
                }
                yield List.of(r);
            }
            case StoreWrite.IncrementField inc -> {
                if (!Double.isFinite(inc.delta())) {
                    throw new IllegalArgumentException("increment of " + inc.field() + " is not a finite number");
                }
                yield List.of(Request.cmd(Command.HINCRBYFLOAT).arg(inc.key()).arg(inc.field())
                        .arg(Double.toString(inc.delta())));
            }
            case StoreWrite.DeleteFields del -> {
                if (del.fields().isEmpty()) {
                    yield List.of();
                }
                Request r = Request.cmd(Command.HDEL).arg(del.key());
                for (String f : del.fields()) {
                    r.arg(f);
                }
                yield List.of(r);
            }
            // a negative TTL means "already expired", as in the in-process store; PEXPIRE 0 deletes
            case StoreWrite.Expire ex ->
                    List.of(Request.cmd(Command.PEXPIRE).arg(ex.key()).arg(Math.max(0, ex.ttl().toMillis())));
            case StoreWrite.ReplaceList rl -> {
                if (rl.values().isEmpty()) {
                    yield List.of(Request.cmd(Command.DEL).arg(rl.key()));
                }
                Request push = Request.cmd(Command.RPUSH).arg(rl.key());
                for (String v : rl.values()) {
                    push.arg(v);
                }
                yield List.of(Request.cmd(Command.MULTI), Request.cmd(Command.DEL).arg(rl.key()), push,
                        Request.cmd(Command.EXEC));
            }
            case StoreWrite.DeleteKey dk -> List.of(Request.cmd(Command.DEL).arg(dk.key()));
        };
    }

    /**
     * The requests of a write batch for one enclosing {@code MULTI ... EXEC}: every unit's requests
     * in order, without a unit's own {@code MULTI}/{@code EXEC} (transactions do not nest, and the
     * enclosing one already keeps readers from seeing a list between its delete and its push).
     */
    static List<Request> transactionBody(List<StoreWrite> writes) {
        List<Request> body = new ArrayList<>(writes.size() + 8);
        for (List<Request> unit : units(writes)) {
            for (Request r : unit) {
                if (!Command.MULTI.equals(r.command()) && !Command.EXEC.equals(r.command())) {
                    body.add(r);
                }
            }
        }
        return body;
    }

    /** One HGETALL per key, each its own unit. */
    static List<List<Request>> hashReads(List<String> keys) {
        List<List<Request>> units = new ArrayList<>(keys.size());
        for (String k : keys) {
            units.add(List.of(Request.cmd(Command.HGETALL).arg(k)));
        }
        return units;
    }

    /** The first {@code limit} elements of a list ({@code limit > 0}). */
    static Request listRead(String key, int limit) {
        return Request.cmd(Command.LRANGE).arg(key).arg(0).arg(limit - 1L);
    }

    /**
     * Packs units into chunks of at most {@code maxRequests} requests without splitting a unit, so
     * that a transaction never straddles two batches.
     */
    static List<List<Request>> chunks(List<List<Request>> units, int maxRequests) {
        List<List<Request>> chunks = new ArrayList<>();
        List<Request> current = new ArrayList<>();
        for (List<Request> unit : units) {
            if (!current.isEmpty() && current.size() + unit.size() > maxRequests) {
                chunks.add(current);
                current = new ArrayList<>();
            }
            current.addAll(unit);
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    static int requestCount(List<List<Request>> units) {
        int n = 0;
        for (List<Request> u : units) {
            n += u.size();
        }
        return n;
    }
}
