package io.mercator.popularity;

import io.mercator.catalog.CatalogProjection;
import io.mercator.events.Categories;
import io.mercator.events.Thailand;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.projection.Projection;
import io.mercator.hydration.features.FeatureProjection;
import io.mercator.hydration.features.MarketLog;
import io.mercator.hydration.store.InProcessOnlineStore;

import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;

import static io.mercator.hydration.features.MarketLog.*;

/**
 * Prints how many events a second the catalog, features and popularity projections apply
 * together, one after the other on one thread, over synthetic marketplace traffic (mostly
 * impressions, then clicks, carts and orders) in batches of 4,096 as the runner delivers them.
 * A figure to read, not a test: run with
 * {@code java -cp <test classpath> io.mercator.popularity.ProjectionThroughput [events]}.
 */
public final class ProjectionThroughput {

    private ProjectionThroughput() {
    }

    public static void main(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        List<LogRecord> log = syntheticLog(events, 20_000, 50_000);
        // one warm-up pass so the figure is not the JIT's compile time
        run(log.subList(0, Math.min(log.size(), 100_000)));
        long nanos = run(log);
        System.out.printf("%,d events in %.2f s: %,.0f events/s (catalog + features + popularity)%n",
                log.size(), nanos / 1e9, log.size() / (nanos / 1e9));
    }

    static long run(List<LogRecord> log) {
        InProcessOnlineStore store = new InProcessOnlineStore(Clock.systemUTC());
        List<Projection> projections = List.of(new CatalogProjection(), new FeatureProjection(store),
                new PopularityProjection(store));
        long[] each = new long[projections.size()];
        long start = System.nanoTime();
        for (int i = 0; i < log.size(); i += 4_096) {
            List<LogRecord> batch = log.subList(i, Math.min(log.size(), i + 4_096));
            for (int j = 0; j < projections.size(); j++) {
                long t = System.nanoTime();
                projections.get(j).apply(batch).toCompletionStage().toCompletableFuture().join();
                each[j] += System.nanoTime() - t;
            }
        }
        long total = System.nanoTime() - start;
        for (int j = 0; j < projections.size(); j++) {
            System.out.printf("  %-10s %.2f s%n", projections.get(j).id(), each[j] / 1e9);
        }
        return total;
    }

    /** Listings first, then a day of traffic: 85% impressions, 10% clicks, 3% carts, 2% orders. */
    static List<LogRecord> syntheticLog(int events, int listings, int users) {
        SplittableRandom rnd = new SplittableRandom(42);
        MarketLog m = new MarketLog();
        for (int i = 0; i < listings; i++) {
            Categories.Category c = Categories.ALL.get(i % Categories.ALL.size());
            Thailand.Province p = Thailand.PROVINCES.get(i % Thailand.PROVINCES.size());
            m.add("L" + i, MarketLog.T0 + i, new ListingPayload.Published("S" + (i % 2_000), "title " + i,
                    "description of listing " + i, "th", c.slug(), c.medianPrice(), "good", 1 + i % 3,
                    List.of("p/" + i), p.name(), p.lat(), p.lon()));
        }
        long span = 86_400_000L;
        int traffic = Math.max(0, events - listings);
        for (int i = 0; i < traffic; i++) {
            long ts = MarketLog.T0 + listings + (long) i * span / Math.max(1, traffic);
            // popular listings get more traffic: a skewed pick
            String listing = "L" + (int) (listings * Math.pow(rnd.nextDouble(), 2));
            String user = "U" + rnd.nextInt(users);
            int kind = rnd.nextInt(100);
            m.add(user, ts, kind < 85 ? (kind < 30 ? searchImpression(listing, "q" + (kind % 7)) : feedImpression(listing))
                    : kind < 95 ? click(listing) : kind < 98 ? cart(listing) : order(listing, 500));
        }
        return m.records();
    }

}
