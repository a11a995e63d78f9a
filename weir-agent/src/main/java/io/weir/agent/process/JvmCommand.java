package io.weir.agent.process;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a worker process: the agent's own {@code java} and class path, {@code -Xmx} from the stage's
 * memory, {@code -XX:ActiveProcessorCount} from its cores (rounded up, at least 1), exit on OutOfMemoryError, and the
 * agent's {@code -D} and {@code --enable-native-access} options.
 */
final class JvmCommand {

    private JvmCommand() {
    }

    static List<String> of(Integer memoryMB, Double cpuCores, long stopMillis) {
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (memoryMB != null && memoryMB > 0) {
            command.add("-Xmx" + Math.max(16, memoryMB) + "m");
        }
        command.add("-XX:ActiveProcessorCount=" + processors(cpuCores));
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:+DisplayVMOutputToStderr");
        command.add("-Xss512k");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if ((arg.startsWith("-D") && !arg.startsWith("-Dweir.worker.stop.millis=")) || arg.startsWith("--enable-native-access")) {
                command.add(arg);
            }
        }
        command.add("-Dweir.worker.stop.millis=" + stopMillis);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(WorkerMain.class.getName());
        return command;
    }

    /** Cores rounded up, at least 1. */
    static int processors(Double cpuCores) {
        return cpuCores == null || !(cpuCores > 0) ? 1 : (int) Math.max(1, Math.ceil(cpuCores - 1e-9));
    }

    /** The {@code -Xmx} flag the command sets, for messages ("-Xmx256m"), or "the default heap". */
    static String heap(Integer memoryMB) {
        return memoryMB != null && memoryMB > 0 ? "-Xmx" + Math.max(16, memoryMB) + "m" : "the default heap";
    }
}
