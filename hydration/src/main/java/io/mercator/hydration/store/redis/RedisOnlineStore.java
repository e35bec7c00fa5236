package io.mercator.hydration.store.redis;

import io.mercator.hydration.store.OnlineStore;
import io.mercator.hydration.store.StoreUnavailableException;
import io.mercator.hydration.store.StoreWrite;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The online store on Redis, through the Vert.x Redis client and its connection pool.
 *
 * <p>Every call is one pipelined batch on one pooled connection: a write batch sends one command
 * per write (a list replacement is a {@code MULTI/DEL/RPUSH/EXEC} transaction, so readers never see
 * the list missing), {@link #readHashes} one HGETALL per key. Only a batch larger than
 * {@link Options#maxWaitingHandlers()} is split, into consecutive batches on the same connection, so
 * order is kept. As with any pipeline, the writes of one call are not atomic as a whole: a reader
 * may see some of them applied and not others, and a rejected command does not undo the others.
 * Writes of different calls are ordered only if the caller waits for one before sending the next.
 *
 * <p>Failures: every call completes within {@link Options#commandTimeout()}. Failures to reach
 * Redis (down, connection lost, no answer in time, pool exhausted) fail with
 * {@link StoreUnavailableException}; commands Redis rejects (for example an increment of a text
 * field, or a hash read of a key that holds a list) fail with {@link IllegalStateException}. There
 * is no reconnect loop to manage: the pool drops broken connections and opens new ones on demand,
 * so calls succeed again as soon as Redis is back. A connection that stops answering without being
 * closed (a half-open socket) is closed after {@link #stuckConnectionTimeout(Duration)}.
 *
 * <p>Fractional counters may read back with more digits than the in-process store gives (Redis
 * sums in long double: 1234.56 reads {@code 1234.56000000000000005}); integral counters read the
 * same ({@code 3}). Callers parse numbers, so only the string differs.
 */
public final class RedisOnlineStore implements OnlineStore {

    /**
     * Connection settings, normally read from configuration (the password, if any, travels in the
     * connection string and nowhere else; {@link #toString()} hides it).
     *
     * @param connectionString   {@code redis://[[user]:password@]host:port[/db]}
     * @param poolSize           most connections open at once
     * @param maxPoolWaiting     most calls queued for a free connection; beyond it calls fail at once
     * @param maxWaitingHandlers most commands in flight on one connection; larger batches are split
     * @param commandTimeout     bound on every call, connecting included
     */
    public record Options(String connectionString, int poolSize, int maxPoolWaiting, int maxWaitingHandlers,
                          Duration commandTimeout) {

        /** Room for a 2,000-key read plus slack in one batch. */
        public static final int DEFAULT_MAX_WAITING_HANDLERS = 4_096;

        public Options {
            Objects.requireNonNull(connectionString, "connectionString");
            Objects.requireNonNull(commandTimeout, "commandTimeout");
            if (poolSize < 1 || maxPoolWaiting < 0) {
                throw new IllegalArgumentException("poolSize must be positive and maxPoolWaiting not negative");
            }
            if (maxWaitingHandlers < 16) {
                throw new IllegalArgumentException("maxWaitingHandlers must be at least 16");
            }
            if (commandTimeout.isNegative() || commandTimeout.isZero()) {
                throw new IllegalArgumentException("commandTimeout must be positive");
            }
        }

        /** Defaults for one service instance: 8 connections, 1 s per call. */
        public static Options of(String connectionString) {
            return new Options(connectionString, 8, 1_024, DEFAULT_MAX_WAITING_HANDLERS, Duration.ofSeconds(1));
        }

        public Options withCommandTimeout(Duration timeout) {
            return new Options(connectionString, poolSize, maxPoolWaiting, maxWaitingHandlers, timeout);
        }

        public Options withPoolSize(int size) {
            return new Options(connectionString, size, maxPoolWaiting, maxWaitingHandlers, commandTimeout);
        }

        /** Host and port only, safe for logs and error messages. */
        public String endpoint() {
            try {
                URI u = URI.create(connectionString);
                return (u.getHost() == null ? "?" : u.getHost()) + ":" + (u.getPort() < 0 ? 6379 : u.getPort());
            } catch (IllegalArgumentException e) {
                return "(unparseable connection string)";
            }
        }

        @Override
        public String toString() {
            // never print the connection string: it may carry the password
            return "Options[endpoint=" + endpoint() + ", poolSize=" + poolSize + ", maxPoolWaiting=" + maxPoolWaiting
                    + ", maxWaitingHandlers=" + maxWaitingHandlers + ", commandTimeout=" + commandTimeout + "]";
        }
    }

    private final Vertx vertx;
    private final Options options;
    private final Redis client;
    private final String endpoint;

    /**
     * Creates the store; nothing connects until the first call, so the service starts even while
     * Redis is down. The Vert.x instance stays the caller's: {@link #close()} does not close it.
     */
    public RedisOnlineStore(Vertx vertx, Options options) {
        this(vertx, options, Redis.createClient(vertx, redisOptions(options)));
    }

    /** For tests that wrap the client, for example to count round trips. */
    RedisOnlineStore(Vertx vertx, Options options, Redis client) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = Objects.requireNonNull(options, "options");
        this.client = Objects.requireNonNull(client, "client");
        this.endpoint = options.endpoint();
    }

    static RedisOptions redisOptions(Options o) {
        RedisOptions r = new RedisOptions()
                .setConnectionString(o.connectionString())
                .setMaxPoolSize(o.poolSize())
                .setMaxPoolWaiting(o.maxPoolWaiting())
                .setMaxWaitingHandlers(o.maxWaitingHandlers());
        r.getNetClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, o.commandTimeout().toMillis()))
                .setTcpNoDelay(true)
                .setTcpKeepAlive(true)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setReadIdleTimeout((int) Math.min(Integer.MAX_VALUE, stuckConnectionTimeout(o.commandTimeout()).toMillis()));
        return r;
    }

    /**
     * How long a connection may go without receiving a byte before it is closed. Pooled connections
     * idle that long are closed too, which costs one reconnect; a connection with commands in flight
     * and no answer for that long is stuck (Redis paused, or a socket whose peer vanished without a
     * reset) and closing it hands its pool slot back.
     */
    static Duration stuckConnectionTimeout(Duration commandTimeout) {
        Duration tenTimes = commandTimeout.multipliedBy(10);
        Duration floor = Duration.ofSeconds(30);
        return tenTimes.compareTo(floor) > 0 ? tenTimes : floor;
    }

    /** The options in use (the password hidden in their {@code toString}). */
    public Options options() {
        return options;
    }

    @Override
    public Future<Void> write(List<StoreWrite> writes) {
        List<List<Request>> units;
        try {
            units = RedisCommands.units(writes);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        if (units.isEmpty()) {
            return Future.succeededFuture();
        }
        return bounded(pipeline(units)).mapEmpty();
    }

    @Override
    public Future<List<Map<String, String>>> readHashes(List<String> keys) {
        if (keys.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return bounded(pipeline(RedisCommands.hashReads(keys))).map(replies -> {
            List<Map<String, String>> out = new ArrayList<>(replies.size());
            for (Response r : replies) {
                out.add(RedisReplies.hash(r));
            }
            return out;
        });
    }

    @Override
    public Future<List<String>> readList(String key, int limit) {
        if (limit <= 0) {
            return Future.succeededFuture(List.of());
        }
        return bounded(client.send(RedisCommands.listRead(key, limit))).map(RedisReplies::list);
    }

    /**
     * {@link OnlineStore#addWithin} as one Lua script, so the read, the bound and the increment are
     * one atomic step however many instances call at once. Fails like any other call when Redis
     * cannot be reached; the counter is then unchanged, or changed with the answer lost in transit
     * (a budget lease then errs on the side of granting less).
     */
    @Override
    public Future<Long> addWithin(String key, String field, long delta, long limit, Duration ttl) {
        Request script = Request.cmd(Command.EVAL).arg(ADD_WITHIN).arg(1).arg(key).arg(field).arg(delta).arg(limit)
                .arg(Math.max(1, ttl.toMillis()));
        return bounded(client.send(script)).map(Response::toLong);
    }

    /** KEYS[1] hash, ARGV: field, delta, limit, ttl ms. Mirrors {@code Bounded.add}. */
    private static final String ADD_WITHIN = """
            local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
            local delta = tonumber(ARGV[2])
            local limit = tonumber(ARGV[3])
            local added
            if delta >= 0 then
              added = math.max(0, math.min(delta, limit - current))
            else
              added = math.min(0, math.max(delta, -current))
            end
            if added ~= 0 then
              redis.call('HINCRBY', KEYS[1], ARGV[1], added)
            end
            if redis.call('EXISTS', KEYS[1]) == 1 then
              redis.call('PEXPIRE', KEYS[1], ARGV[4])
            end
            return added
            """;

    /**
     * Applies the writes all or nothing, and only if the hash field {@code guardKey.guardField} still
     * holds {@code expected} ({@code null}: the field is absent). One connection runs
     * {@code WATCH guardKey}, {@code HGET}, then, if the value matches, {@code MULTI}, the writes and
     * {@code EXEC}; a change of {@code guardKey} by anyone in between makes Redis drop the whole
     * transaction. The writes normally include a new value of the guard itself (a projection's
     * checkpoint), so two attempts of the same batch can never both land.
     *
     * <p>Answers {@code true} when the transaction ran, {@code false} when the guard did not match
     * (nothing written). Fails with {@link StoreUnavailableException} when Redis cannot be reached
     * or does not answer within the command timeout: the outcome is then unknown, and reading the
     * guard tells whether it landed (an attempt abandoned on its timeout before {@code MULTI} never
     * sends it). Fails with {@link IllegalStateException} when Redis rejected a command: if it
     * rejected it while queueing, nothing ran; if while executing, the other commands, guard
     * included, did run (Redis does not roll back), which the guard again tells.
     */
    public Future<Boolean> compareAndWrite(String guardKey, String guardField, String expected,
                                           List<StoreWrite> writes) {
        Objects.requireNonNull(guardKey, "guardKey");
        Objects.requireNonNull(guardField, "guardField");
        List<Request> body;
        try {
            body = RedisCommands.transactionBody(writes);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        AtomicBoolean abandoned = new AtomicBoolean();
        Future<Boolean> outcome = bounded(client.connect().compose(conn ->
                guarded(conn, guardKey, guardField, expected, body, abandoned).eventually(conn::close)));
        return outcome.onFailure(e -> abandoned.set(true));
    }

    private Future<Boolean> guarded(RedisConnection conn, String guardKey, String guardField, String expected,
                                    List<Request> body, AtomicBoolean abandoned) {
        return conn.batch(List.of(Request.cmd(Command.WATCH).arg(guardKey),
                Request.cmd(Command.HGET).arg(guardKey).arg(guardField))).compose(watched -> {
            Response current = watched.get(1);
            String value = current == null ? null : current.toString();
            if (abandoned.get() || !Objects.equals(value, expected)) {
                return conn.send(Request.cmd(Command.UNWATCH)).map(false);
            }
            List<List<Request>> single = new ArrayList<>(body.size() + 2);
            single.add(List.of(Request.cmd(Command.MULTI)));
            for (Request r : body) {
                single.add(List.of(r));
            }
            single.add(List.of(Request.cmd(Command.EXEC)));
            List<List<Request>> chunks = RedisCommands.chunks(single, options.maxWaitingHandlers());
            return sendChunks(conn, chunks, 0, new ArrayList<>(body.size() + 2))
                    .map(replies -> executed(replies.get(replies.size() - 1)))
                    // a chunk before EXEC failed: end the open transaction before the pool reuses the connection
                    .recover(e -> conn.send(Request.cmd(Command.DISCARD)).<Boolean>transform(x -> Future.failedFuture(e)));
        });
    }

    /** EXEC's reply: nil when WATCH dropped the transaction, else one reply per command. */
    private static boolean executed(Response exec) {
        if (exec == null) {
            return false;
        }
        for (Response r : exec) {
            if (r != null && r.type() == ResponseType.ERROR) {
                throw new IllegalStateException("Redis rejected a command of a transaction that ran: " + r);
            }
        }
        return true;
    }

    /** Sends the units as one batch, or as consecutive batches on one connection when too many. */
    private Future<List<Response>> pipeline(List<List<Request>> units) {
        int total = RedisCommands.requestCount(units);
        if (total <= options.maxWaitingHandlers()) {
            List<Request> all = new ArrayList<>(total);
            for (List<Request> u : units) {
                all.addAll(u);
            }
            return client.batch(all);
        }
        List<List<Request>> chunks = RedisCommands.chunks(units, options.maxWaitingHandlers());
        return client.connect().compose(conn -> {
            List<Response> replies = new ArrayList<>(total);
            return sendChunks(conn, chunks, 0, replies).eventually(conn::close);
        });
    }

    private static Future<List<Response>> sendChunks(RedisConnection conn, List<List<Request>> chunks, int next,
                                                     List<Response> replies) {
        if (next == chunks.size()) {
            return Future.succeededFuture(replies);
        }
        return conn.batch(chunks.get(next)).compose(got -> {
            replies.addAll(got);
            return sendChunks(conn, chunks, next + 1, replies);
        });
    }

    /**
     * Completes with the call's outcome or, after the command timeout, with a
     * {@link StoreUnavailableException}, whichever comes first; client failures are translated.
     */
    private <T> Future<T> bounded(Future<T> call) {
        Promise<T> promise = Promise.promise();
        long timeoutMs = options.commandTimeout().toMillis();
        long timer = vertx.setTimer(timeoutMs, id -> promise.tryFail(new StoreUnavailableException(
                "Redis at " + endpoint + " did not answer within " + timeoutMs + " ms")));
        call.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                promise.tryComplete(ar.result());
            } else {
                promise.tryFail(RedisFailures.translate(ar.cause(), endpoint));
            }
        });
        return promise.future();
    }

    /** Closes the pool's connections; the Vert.x instance is left running. */
    @Override
    public void close() {
        client.close();
    }
}
