package io.mercator.service.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ./mercator} script's Java side. */
@Command(name = "mercator", mixinStandardHelpOptions = true,
        description = "Ranking and marketplace intelligence for a Thai second-hand marketplace.",
        subcommands = {DemoCommand.class, ServeCommand.class, SimulateCommand.class, EvaluateCommand.class,
                TrainCommand.class, LtrBenchmarkCommand.class, ModelsCommand.class,
                NlpCommand.class, TrainTextCommand.class, EvaluateTextCommand.class, TrainVisionCommand.class,
                EvaluateVisionCommand.class, VisionCommand.class, EvaluateFraudCommand.class})
public final class MercatorCli implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        PrivateTempDir.claim();
        // a library that logs through java.util.logging reaches the JSON log too
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int code = new CommandLine(new MercatorCli())
                .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                    cmd.getErr().println("mercator: " + ex.getMessage());
                    return 1;
                })
                .execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
