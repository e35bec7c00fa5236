package io.mercator.hydration.store.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A client that counts how the store talks to Redis: batches (with their sizes), single sends, leases. */
final class CountingRedis implements Redis {

    private final Redis delegate;
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final AtomicInteger sends = new AtomicInteger();
    final AtomicInteger connects = new AtomicInteger();

    CountingRedis(Redis delegate) {
        this.delegate = delegate;
    }

    @Override
    public Future<RedisConnection> connect() {
        connects.incrementAndGet();
        return delegate.connect();
    }

    @Override
    public Future<Void> close() {
        return delegate.close();
    }

    @Override
    public Future<Response> send(Request command) {
        sends.incrementAndGet();
        return delegate.send(command);
    }

    @Override
    public Future<List<Response>> batch(List<Request> commands) {
        batchSizes.add(commands.size());
        return delegate.batch(commands);
    }
}
