package io.mercator.bench;

/**
 * {@code ./mercator bench <name> [users days seed]}: prints figures, asserts nothing.
 * Without users/days it uses the demo marketplace's configuration.
 */
public final class BenchCli {

    private BenchCli() {
    }

    public static void main(String[] args) throws Exception {
        // lightgbm4j extracts its native library into java.io.tmpdir under a fixed name: keep ours private
        System.setProperty("java.io.tmpdir", java.nio.file.Files.createTempDirectory("mercator-bench-").toString());
        if (args.length == 0) {
            System.out.println("usage: ./mercator bench ingest|freshness|simulator [users days seed]\n"
                    + "       ./mercator bench shadow [--candidates 200] [--shadow-core-share 0.02] [--rate 300] [--seconds 30] [--rounds 2] [--data-dir data]\n"
                    + "       ./mercator bench ranking [candidates...] [--connections 32] [--rate 500] [--seconds 30] [--data-dir data] [--only /feed]\n"
                    + "       ./mercator bench text [--connections 8] [--rate 200] [--seconds 20] [--data-dir data]\n"
                    + "       ./mercator bench vision [--rate 10] [--ekyc-rate 4] [--feed-rate 300] [--seconds 20] [--backbone-runtime onnx_runtime|pytorch] [--worker-niceness 0-19] [--data-dir data]"
                    + " [--photos ../shared/data/vision/clothing-small]\n"
                    + "       ./mercator bench autoboost [--days 3] [--requests 200000] [--campaigns 60] [--seed 7]"
                    + " [--out target/bench-autoboost] [--feed-data-dir data --feed-rate 300]\n"
                    + "       ./mercator bench backends [--connections 16] [--seconds 30] [--users 1000] [--days 7]"
                    + " [--data-dir data-bench-backends] [--es-home recall/target/elasticsearch/elasticsearch-8.19.21]\n"
                    + "       ./mercator bench chaos [--rate 40] [--event-rate 5] [--outage 20] [--users 1000] [--days 3]"
                    + " [--data-dir data-bench-chaos] [--es-home recall/target/elasticsearch/elasticsearch-8.19.21]");
            return;
        }
        if (args[0].equals("backends")) {
            machine();
            BackendsBenchmark.main(java.util.List.of(args).subList(1, args.length));
            System.exit(0);
        }
        if (args[0].equals("chaos")) {
            machine();
            ChaosBenchmark.main(java.util.List.of(args).subList(1, args.length));
            System.exit(0);
        }
        if (args[0].equals("text")) {
            machine();
            TextBenchmark.main(java.util.List.of(args).subList(1, args.length));
            System.exit(0);
        }
        if (args[0].equals("vision")) {
            machine();
            VisionBenchmark.main(java.util.List.of(args).subList(1, args.length));
            System.exit(0);
        }
        if (args[0].equals("autoboost")) {
            machine();
            AutoboostBenchmark.main(java.util.List.of(args).subList(1, args.length));
            System.exit(0);
        }
        if (args[0].equals("shadow")) {
            machine();
            ShadowBenchmark.main(java.util.List.of(args).subList(1, args.length));
            System.exit(0);
        }
        if (args[0].equals("ranking")) {
            machine();
            RankingBenchmark.main(java.util.List.of(args).subList(1, args.length));
            System.exit(0);
        }
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        machine();
        switch (args[0]) {
            case "ingest" -> IngestBenchmark.run(users, days, seed);
            case "freshness" -> FreshnessBenchmark.run();
            case "simulator" -> SimulatorBenchmark.run(users, days, seed);
            default -> System.out.println("unknown benchmark " + args[0] + "; try ingest, freshness or simulator");
        }
        System.exit(0);
    }

    private static void machine() {
        System.out.printf("machine: %d cores, java %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), Runtime.getRuntime().maxMemory() >> 20);
    }
}
