package io.mercator.service.cli;

import io.mercator.learning.registry.FileModelRegistry;
import io.mercator.learning.registry.RegisteredModel;
import io.mercator.learning.registry.StageChange;
import io.mercator.learning.registry.StageTransition;
import io.mercator.service.DataDirLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code mercator models list|history|promote VERSION|rollback}: the model registry of a data
 * directory, offline. It takes the data-directory lock first and refuses while a service holds it
 * (the running service would not notice the change); then use the admin API instead, which swaps
 * the served models at once.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "The model registry of a data directory (offline; refuses while a service runs on it).",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.History.class, ModelsCommand.Promote.class,
                ModelsCommand.Rollback.class})
final class ModelsCommand implements Runnable {

    static final String ACTOR = "cli";

    @Option(names = "--data-dir", defaultValue = "data", description = "the data directory (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs {@code work} on the registry while holding the data-directory lock. */
    int withRegistry(RegistryWork work) {
        PrintWriter out = spec.commandLine().getOut();
        DataDirLock lock;
        try {
            lock = DataDirLock.acquire(dataDir);
        } catch (IllegalStateException busy) {
            spec.commandLine().getErr().println("mercator models: a running Mercator holds " + dataDir.toAbsolutePath()
                    + "; change its models through the admin API instead, e.g.\n"
                    + "  curl -X POST -H \"Authorization: Bearer $MERCATOR_ADMIN_API_KEY\" "
                    + "http://HOST:PORT/admin/models/VERSION/promote");
            return 2;
        }
        try (lock) {
            work.run(new FileModelRegistry(dataDir), out);
            out.flush();
            return 0;
        } catch (IllegalStateException refused) {
            spec.commandLine().getErr().println("mercator models: " + refused.getMessage());
            return 1;
        }
    }

    @FunctionalInterface
    interface RegistryWork {
        void run(FileModelRegistry registry, PrintWriter out);
    }

    static void print(PrintWriter out, RegisteredModel m) {
        var e = m.card().evaluation();
        String ndcg = e == null ? "-" : String.format(Locale.ROOT, "%.4f (production %s, popularity %.4f, random %.4f, %d requests)",
                e.candidate(), Double.isNaN(e.production()) ? "-" : String.format(Locale.ROOT, "%.4f", e.production()),
                e.popularity(), e.random(), e.requests());
        out.printf(Locale.ROOT, "%-28s %-10s since %s  NDCG@20 %s%n", m.version(), m.stage().wireName(),
                Instant.ofEpochMilli(m.stageSinceMillis()), ndcg);
    }

    @Command(name = "list", description = "Every version with its stage and NDCG@20 at the gate.")
    static final class ListModels implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        ModelsCommand parent;

        @Override
        public Integer call() {
            return parent.withRegistry((r, out) -> {
                if (r.list().isEmpty()) {
                    out.println("no registered models");
                }
                r.list().forEach(m -> print(out, m));
            });
        }
    }

    @Command(name = "history", description = "Every stage change with time, actor and reason.")
    static final class History implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        ModelsCommand parent;

        @Override
        public Integer call() {
            return parent.withRegistry((r, out) -> {
                for (StageTransition t : r.history()) {
                    StringBuilder changes = new StringBuilder();
                    for (StageChange c : t.changes()) {
                        changes.append(' ').append(c.version()).append(' ')
                                .append(c.from() == null ? "new" : c.from().wireName()).append("->").append(c.to().wireName());
                    }
                    out.printf(Locale.ROOT, "%s %s by %s:%s (%s)%n", Instant.ofEpochMilli(t.atMillis()),
                            t.action().name().toLowerCase(Locale.ROOT), t.actor(), changes, t.reason());
                }
            });
        }
    }

    @Command(name = "promote", description = "Staging VERSION to production; the previous production is archived.")
    static final class Promote implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        ModelsCommand parent;

        @Parameters(index = "0", paramLabel = "VERSION")
        String version;

        @Option(names = "--reason", defaultValue = "promoted from the command line")
        String reason;

        @Override
        public Integer call() {
            return parent.withRegistry((r, out) -> print(out, r.promote(version, ACTOR, reason)));
        }
    }

    @Command(name = "rollback", description = "The previous production back; the current one is archived.")
    static final class Rollback implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        ModelsCommand parent;

        @Option(names = "--reason", defaultValue = "rolled back from the command line")
        String reason;

        @Override
        public Integer call() {
            return parent.withRegistry((r, out) -> print(out, r.rollback(ACTOR, reason)));
        }
    }
}
