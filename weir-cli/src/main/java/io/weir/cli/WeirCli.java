package io.weir.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code weir} command. */
@Command(name = "weir", mixinStandardHelpOptions = true, version = "weir 0.1.0",
        description = "Weir runs real-time stream-processing jobs and streaming services.",
        subcommands = {UpCommand.class, MasterCommand.class, AgentCommand.class, ClustersCommand.class, JobsCommand.class,
            WorkersCommand.class, AgentsCommand.Agents.class, AgentsCommand.ReservationsRoot.class, TailCommand.class, ServicesCommand.class,
            PipelineCommand.class, DemoCommand.class, NewCommand.class})
public final class WeirCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        for (String name : io.weir.core.config.SettingCatalog.unknown(System.getenv())) {
            System.err.println("weir: " + name + " is not a Weir setting and is ignored (see docs/configuration.md for the settings)");
        }
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code: 0 ok, 1 user error, 2 server error. */
    public static int run(String... args) {
        return new CommandLine(new WeirCli())
                .setExitCodeExceptionMapper(ExitCodes::of)
                .setParameterExceptionHandler((e, args2) -> {
                    e.getCommandLine().getErr().println("weir: " + e.getMessage() + " (see 'weir "
                            + e.getCommandLine().getCommandSpec().qualifiedName(" ").replaceFirst("^weir ?", "") + " --help')");
                    return ExitCodes.USER_ERROR;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("weir: " + ExitCodes.message(e));
                    return ExitCodes.of(e);
                })
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
