package io.weir.cli;

import picocli.CommandLine.Command;

/** {@code weir demo}: guided scenarios on a cluster of this machine's processes. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run a guided scenario on a local cluster.",
        subcommands = {FailoverDemo.class, PipelineDemo.class, ServicesDemo.class})
final class DemoCommand implements Runnable {

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
