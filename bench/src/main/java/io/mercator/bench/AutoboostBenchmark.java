package io.mercator.bench;

import io.mercator.autoboost.BoostAgent;
import io.mercator.autoboost.BoostLedger;
import io.mercator.autoboost.CampaignState;
import io.mercator.autoboost.Offer;
import io.mercator.autoboost.Pacing;
import io.mercator.autoboost.Placement;
import io.mercator.autoboost.policy.BoostPolicy;
import io.mercator.autoboost.policy.Greedy;
import io.mercator.autoboost.policy.MomentumHeuristic;
import io.mercator.autoboost.policy.RoundRobin;
import io.mercator.autoboost.policy.ThompsonSampling;
import io.mercator.autoboost.policy.UniformRandom;
import io.mercator.simulator.SponsoredMarket;
import org.apache.commons.rng.UniformRandomProvider;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code ./mercator bench autoboost}: the sponsored-slot policies on the same simulated days
 * ({@link SponsoredMarket}, same seed, same requests, same per-request outcome draws), each through
 * the real agent, ledger and pacing: uniform random, round robin, the momentum heuristic, greedy on
 * the ranker's predictions, the Thompson-sampling bandit, and an oracle (greedy on the true click
 * and order probabilities). Prints clicks, orders, orders per 1,000 baht, regret against the oracle,
 * pacing error and overspend, and writes the regret and pacing curves as an SVG image.
 */
final class AutoboostBenchmark {

    private static final long HOUR = 3_600_000L;

    private AutoboostBenchmark() {
    }

    static void main(List<String> args) throws Exception {
        Map<String, String> opts = Options.parse(args);
        SponsoredMarket.Settings settings = new SponsoredMarket.Settings(
                Integer.parseInt(opts.getOrDefault("days", "3")),
                Integer.parseInt(opts.getOrDefault("requests", "200000")),
                Integer.parseInt(opts.getOrDefault("campaigns", "60")),
                Long.parseLong(opts.getOrDefault("seed", "7")));
        Path out = Path.of(opts.getOrDefault("out", "target/bench-autoboost"));
        long t0 = System.nanoTime();
        SponsoredMarket market = new SponsoredMarket(settings);
        System.out.printf("market: %d days, %,d feed requests a day, %d campaigns (budgets %,.0f THB in all),"
                        + " slots %s; built in %.1f s%n", settings.days(), settings.requestsPerDay(),
                settings.campaigns(), market.campaigns().stream().mapToDouble(SponsoredMarket.Campaign::budget).sum(),
                java.util.Arrays.toString(SponsoredMarket.SLOTS), (System.nanoTime() - t0) / 1e9);

        Map<String, Run> runs = new LinkedHashMap<>();
        runs.put("oracle", run(market, "oracle", new Greedy(), true, settings.seed()));
        runs.put("random", run(market, "random", new UniformRandom(), false, settings.seed()));
        runs.put("round-robin", run(market, "round-robin", new RoundRobin(), false, settings.seed()));
        runs.put("momentum", run(market, "momentum", new MomentumHeuristic(), false, settings.seed()));
        runs.put("greedy-ranker", run(market, "greedy-ranker", new Greedy(), false, settings.seed()));
        runs.put("thompson", run(market, "thompson", ThompsonSampling.defaults(), false, settings.seed()));

        Run oracle = runs.get("oracle");
        System.out.println();
        System.out.printf("%-14s %11s %8s %7s %11s %10s %10s %10s %9s %9s %9s%n", "policy", "impressions", "clicks",
                "orders", "spend THB", "orders/1k", "clicks/1k", "regret", "pace mean", "pace max", "overspend");
        for (Run r : runs.values()) {
            double regret = 100.0 * (oracle.clicks() - r.clicks()) / oracle.clicks();
            System.out.printf("%-14s %,11d %,8d %,7d %,11.0f %10.2f %10.1f %9.1f%% %8.1f%% %8.1f%% %9.2f  (%.1f s)%n",
                    r.name, r.tally.totalImpressions(), r.clicks(), r.tally.totalOrders(), r.tally.totalSpend(),
                    r.ordersPerThousand(), 1000.0 * r.clicks() / r.tally.totalSpend(), regret,
                    100 * r.meanPacingError(), 100 * r.maxPacingError(), r.overspend, r.seconds);
        }
        Run bandit = runs.get("thompson");
        Run momentum = runs.get("momentum");
        System.out.println();
        System.out.printf("orders per 1,000 THB, bandit against the momentum heuristic: %.2fx (%.2f / %.2f)%n",
                bandit.ordersPerThousand() / momentum.ordersPerThousand(), bandit.ordersPerThousand(),
                momentum.ordersPerThousand());
        System.out.printf("cumulative regret of the bandit after %d days: %,d clicks, %.1f%% of the oracle's %,d%n",
                settings.days(), oracle.clicks() - bandit.clicks(),
                100.0 * (oracle.clicks() - bandit.clicks()) / oracle.clicks(), oracle.clicks());
        System.out.printf("regret of the bandit by day (clicks, %% of the oracle's that day):");
        for (int d = 0; d < settings.days(); d++) {
            long o = oracle.clicksBetween(d * 24, d * 24 + 24);
            long b = bandit.clicksBetween(d * 24, d * 24 + 24);
            System.out.printf(" day %d %,d (%.1f%%)", d + 1, o - b, 100.0 * (o - b) / o);
        }
        System.out.println();
        System.out.printf("pacing error at the end of each flight (|spend - budget| / budget), bandit: mean %.2f%%,"
                + " max %.2f%% over %d campaigns; overspend %.2f THB%n", 100 * bandit.meanPacingError(),
                100 * bandit.maxPacingError(), bandit.endOfFlight.size(), bandit.overspend);
        bandit.endOfFlight.entrySet().stream().sorted(Map.Entry.comparingByValue(java.util.Comparator.reverseOrder()))
                .limit(3).forEach(e -> {
                    SponsoredMarket.Campaign c = market.campaigns().stream()
                            .filter(x -> x.campaignId().equals(e.getKey())).findFirst().orElseThrow();
                    System.out.printf("  furthest from its budget: %s, %.1f%% (budget %.0f THB at %.0f THB CPM, %,d eligible"
                                    + " requests, flight %.1f h from hour %.1f)%n", c.campaignId(), 100 * e.getValue(),
                            c.budget(), c.bidPerMille(), c.eligibleRequests(), (c.endsAt() - c.startsAt()) / 3.6e6,
                            (c.startsAt() - market.startMillis()) / 3.6e6);
                });
        System.out.printf("hourly pacing error while in flight (|spend - ideal| / budget), bandit: mean %.2f%%, max %.2f%%%n",
                100 * bandit.meanHourlyPacing(), 100 * bandit.maxHourlyPacing());

        Files.createDirectories(out);
        Path svg = out.resolve("autoboost-curves.svg");
        Files.writeString(svg, curves(runs, market.hours()));
        System.out.println("curves (regret against the oracle; the bandit's pacing): " + svg.toAbsolutePath());

        // the agent in the serving path: /feed through the whole service, the demo marketplace's
        // campaigns live, 1,000 candidates, at 300 requests a second
        if (opts.containsKey("feed-data-dir")) {
            System.out.println();
            System.out.println("/feed with the agent in the path (the demo marketplace's live campaigns):");
            RankingBenchmark.main(List.of("1000", "--only", "/feed", "--rate", opts.getOrDefault("feed-rate", "300"),
                    "--seconds", "30", "--data-dir", opts.get("feed-data-dir")));
        }
    }

    private static Run run(SponsoredMarket market, String name, BoostPolicy policy, boolean knowsTruth, long seed) {
        long t0 = System.nanoTime();
        BoostLedger ledger = new BoostLedger();
        SplittableRandom random = new SplittableRandom(seed * 1_000_003 + name.hashCode());
        UniformRandomProvider rng = random::nextLong;
        BoostAgent agent = new BoostAgent(ledger, policy, BoostAgent.Settings.DEFAULTS, rng, BoostAgent.Listener.NONE);
        Run run = new Run(name, market.hours());
        SponsoredMarket.SlotFiller filler = request -> {
            List<Offer> offers = new ArrayList<>(request.eligible().size());
            for (SponsoredMarket.Eligible e : request.eligible()) {
                if (knowsTruth) {
                    double[] truth = market.truth(request, e.listingId());
                    offers.add(new Offer(e.listingId(), truth[0], truth[1]));
                } else {
                    offers.add(new Offer(e.listingId(), e.pctr(), e.pcvr()));
                }
            }
            List<Placement> placed = agent.place(request.requestId(), request.ts(), SponsoredMarket.SLOTS.length, offers);
            List<SponsoredMarket.Fill> fills = new ArrayList<>(placed.size());
            for (int i = 0; i < placed.size(); i++) {
                Placement p = placed.get(i);
                // the impression records the ranker's prediction, never the truth (what serving logs),
                // discounted for the slot it was shown in
                double pctr = request.eligible().stream().filter(e -> e.listingId().equals(p.listingId()))
                        .findFirst().orElseThrow().pctr() * BoostAgent.examination(SponsoredMarket.SLOTS[i]);
                fills.add(new SponsoredMarket.Fill(p.listingId(), p.campaignId(), pctr, p.spend()));
            }
            return fills;
        };
        run.tally = market.run(filler, ledger::apply, hourEnd -> run.observe(ledger, agent, hourEnd, market.startMillis()));
        for (CampaignState c : ledger.campaigns()) {
            run.overspend += Math.max(0, c.spent() - c.budget());
        }
        run.seconds = (System.nanoTime() - t0) / 1e9;
        return run;
    }

    /** One policy's run. */
    private static final class Run {
        final String name;
        SponsoredMarket.Tally tally;
        final Map<String, Double> endOfFlight = new LinkedHashMap<>();
        final double[] meanPacing;
        final double[] maxPacing;
        double overspend;
        double seconds;

        Run(String name, int hours) {
            this.name = name;
            this.meanPacing = new double[hours];
            this.maxPacing = new double[hours];
        }

        void observe(BoostLedger ledger, BoostAgent agent, long hourEnd, long start) {
            int hour = (int) ((hourEnd - start) / HOUR) - 1;
            double sum = 0;
            int n = 0;
            for (CampaignState c : ledger.campaigns()) {
                if (hourEnd >= c.endsAt() && !endOfFlight.containsKey(c.campaignId())) {
                    endOfFlight.put(c.campaignId(), Math.abs(c.spent() + c.reserved() - c.budget()) / c.budget());
                }
                if (c.inFlight(hourEnd)) {
                    double err = Math.abs(c.spent() + c.reserved() - Pacing.idealSpend(c, hourEnd, ledger.traffic(hourEnd))) / c.budget();
                    sum += err;
                    n++;
                    maxPacing[hour] = Math.max(maxPacing[hour], err);
                }
            }
            meanPacing[hour] = n == 0 ? Double.NaN : sum / n;
        }

        long clicks() {
            return tally.totalClicks();
        }

        long clicksBetween(int fromHour, int toHour) {
            long s = 0;
            for (int h = fromHour; h < toHour && h < tally.clicks().length; h++) {
                s += tally.clicks()[h];
            }
            return s;
        }

        double ordersPerThousand() {
            return 1000.0 * tally.totalOrders() / tally.totalSpend();
        }

        double meanPacingError() {
            return endOfFlight.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        double maxPacingError() {
            return endOfFlight.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        double meanHourlyPacing() {
            return java.util.Arrays.stream(meanPacing).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
        }

        double maxHourlyPacing() {
            return java.util.Arrays.stream(maxPacing).max().orElse(Double.NaN);
        }
    }

    private static String curves(Map<String, Run> runs, int hours) {
        Run oracle = runs.get("oracle");
        Map<String, double[]> regret = new LinkedHashMap<>();
        for (Run r : runs.values()) {
            if (r == oracle) {
                continue;
            }
            double[] share = new double[hours];
            long o = 0;
            long p = 0;
            for (int h = 0; h < hours; h++) {
                o += oracle.tally.clicks()[h];
                p += r.tally.clicks()[h];
                share[h] = o == 0 ? 0 : 100.0 * (o - p) / o;
            }
            regret.put(r.name, share);
        }
        Run bandit = runs.get("thompson");
        Map<String, double[]> pacing = new LinkedHashMap<>();
        pacing.put("mean, campaigns in flight", percent(bandit.meanPacing));
        pacing.put("worst campaign", percent(bandit.maxPacing));
        return SvgChart.twoPanels(
                "Cumulative regret against the oracle (% of the oracle's clicks so far)", "hour", regret,
                "Bandit's pacing error, |spend - ideal| / budget (%), hour by hour", "hour", pacing);
    }

    private static double[] percent(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = 100 * values[i];
        }
        return out;
    }

    /** {@code --name value} pairs. */
    static final class Options {
        static Map<String, String> parse(List<String> args) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (!a.startsWith("--") || i + 1 >= args.size()) {
                    throw new IllegalArgumentException("expected --name value, got " + a);
                }
                m.put(a.substring(2), args.get(++i));
            }
            return m;
        }
    }
}
