package io.weir.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.agent.testing.JobJars;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which copy of a class a worker gets when the agent and the job's artifact both have one. */
class ArtifactClassLoaderTest {

    @TempDir
    Path dir;

    @Test
    void aJobClassUnderIoWeirLoadsFromTheArtifactNotTheAgent() throws Exception {
        try (var agent = agentWith("io.weir.examples.Greeting", "agent"); var worker = worker("io.weir.examples.Greeting", "artifact", agent)) {
            assertThat(greeting(agent, "io.weir.examples.Greeting")).isEqualTo("agent");
            assertThat(greeting(worker, "io.weir.examples.Greeting")).isEqualTo("artifact");
        }
    }

    @Test
    void weirsApiPackagesLoadFromTheAgent() throws Exception {
        try (var agent = agentWith("io.weir.runtime.api.Greeting", "agent"); var worker = worker("io.weir.runtime.api.Greeting", "artifact", agent)) {
            assertThat(greeting(worker, "io.weir.runtime.api.Greeting")).isEqualTo("agent");
        }
    }

    @Test
    void theParentFirstPackagesAreWeirsApiModulesAndTheLibrariesTheyExpose() {
        assertThat(ArtifactClassLoader.PARENT_FIRST).contains("io.weir.core.", "io.weir.runtime.", "io.weir.client.", "reactor.",
                "io.micrometer.").doesNotContain("io.weir.");
    }

    private URLClassLoader agentWith(String className, String greeting) throws Exception {
        return new URLClassLoader("agent", new java.net.URL[] {greeter(className, "agent-copy", greeting).toUri().toURL()},
                getClass().getClassLoader());
    }

    private URLClassLoader worker(String className, String greeting, ClassLoader agent) throws Exception {
        return new ArtifactClassLoader("worker", greeter(className, "artifact-copy", greeting).toUri().toURL(), agent);
    }

    /** A jar with {@code className}, a {@code Supplier<String>} that answers {@code greeting}. */
    private Path greeter(String className, String name, String greeting) throws Exception {
        int dot = className.lastIndexOf('.');
        return JobJars.compile(dir, name, className, """
                package %s;

                public class %s implements java.util.function.Supplier<String> {
                    public String get() {
                        return "%s";
                    }
                }
                """.formatted(className.substring(0, dot), className.substring(dot + 1), greeting));
    }

    @SuppressWarnings("unchecked")
    private static String greeting(ClassLoader loader, String className) throws Exception {
        return ((Supplier<String>) Class.forName(className, true, loader).getConstructor().newInstance()).get();
    }
}
