package io.mercator.hydration.store.redis;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Looks at a test server from the side, on a connection of its own: how many times Redis ran a
 * command (INFO commandstats), which keys exist, and wiping them.
 */
final class RedisAdmin implements AutoCloseable {

    private final Redis client;

    RedisAdmin(Vertx vertx, RedisServerProcess server) {
        this.client = Redis.createClient(vertx, server.connectionString());
    }

    private Response send(Request r) {
        try {
            return client.send(r).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("admin command failed: " + r.command(), e);
        }
    }

    /** Calls of one command since the server started, for example {@code hgetall}. */
    long calls(String command) {
        String info = send(Request.cmd(Command.INFO).arg("commandstats")).toString();
        String prefix = "cmdstat_" + command.toLowerCase() + ":calls=";
        for (String line : info.split("\\R")) {
            if (line.startsWith(prefix)) {
                String rest = line.substring(prefix.length());
                return Long.parseLong(rest.substring(0, rest.indexOf(',')));
            }
        }
        return 0;
    }

    List<String> keys() {
        List<String> out = new ArrayList<>();
        for (Response r : send(Request.cmd(Command.KEYS).arg("*"))) {
            out.add(r.toString());
        }
        return out;
    }

    void flushAll() {
        send(Request.cmd(Command.FLUSHALL));
    }

    @Override
    public void close() {
        client.close();
    }
}
