package io.mercator.hydration.store.redis;

import io.mercator.hydration.store.StoreUnavailableException;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sorts the client's failures into the two kinds callers act on differently: the store is
 * unavailable (retry later, count towards the circuit breaker) or Redis rejected a command (a bug
 * or bad data; retrying will not help).
 *
 * <p>The client reports both kinds as error replies in a batch: it joins the failures of the
 * batch's commands into one message of lines {@code ERR [index] cause}, where a transport failure
 * shows as a Java exception ({@code io.vertx...Exception: ...}) or the client's own
 * {@code CONNECTION_CLOSED}, and a real Redis error as its code ({@code WRONGTYPE ...}). Hence the
 * classification by text, kept here in one place.
 */
final class RedisFailures {

    /** Error codes that say "not now" rather than "never": the server is busy, loading or gone. */
    private static final Set<String> TRANSIENT_CODES = Set.of("CONNECTION_CLOSED", "LOADING", "BUSY",
            "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "READONLY", "NOAUTH", "WRONGPASS");
    private static final Pattern BATCH_LINE = Pattern.compile("^ERR \\[\\d+\\] (.*)$");
    /** A Java exception's toString(): a qualified class name, then a colon or the end. */
    private static final Pattern JAVA_EXCEPTION = Pattern.compile("^[a-z][\\w$]*(\\.[\\w$]+)+(:.*)?$");

    private RedisFailures() {
    }

    static RuntimeException translate(Throwable failure, String endpoint) {
        if (failure instanceof StoreUnavailableException e) {
            return e;
        }
        if (failure instanceof Response reply && reply.type() == ResponseType.ERROR && !isTransient(failure.getMessage())) {
            return new IllegalStateException("Redis rejected a command: " + failure.getMessage());
        }
        return new StoreUnavailableException("Redis at " + endpoint + " is unavailable: " + failure, failure);
    }

    /** Whether an error reply's text describes a transport or server-state problem. */
    static boolean isTransient(String message) {
        if (message == null) {
            return true;
        }
        for (String line : message.split("\\R")) {
            Matcher m = BATCH_LINE.matcher(line);
            String cause = m.matches() ? m.group(1) : line;
            String code = cause.split(" ", 2)[0];
            if (TRANSIENT_CODES.contains(code) || JAVA_EXCEPTION.matcher(code).matches()
                    || JAVA_EXCEPTION.matcher(cause).matches()) {
                return true;
            }
        }
        return false;
    }
}
