package io.mercator.bench;

/**
 * {@code ./mercator bench <name> [users days seed]}: prints figures, asserts nothing.
 * Without users/days it uses the demo marketplace's configuration.
 */
public final class BenchCli {

    private BenchCli() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.out.println("usage: ./mercator bench ingest|freshness|simulator [users days seed]");
            return;
        }
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        System.out.printf("machine: %d cores, java %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), Runtime.getRuntime().maxMemory() >> 20);
        switch (args[0]) {
            case "ingest" -> IngestBenchmark.run(users, days, seed);
            case "freshness" -> FreshnessBenchmark.run();
            case "simulator" -> SimulatorBenchmark.run(users, days, seed);
            default -> System.out.println("unknown benchmark " + args[0] + "; try ingest, freshness or simulator");
        }
        System.exit(0);
    }
}
