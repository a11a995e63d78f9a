package io.weir.agent;

import io.weir.core.executor.WorkerAssignment;
import io.weir.core.model.ArtifactPolicy;
import io.weir.core.worker.WorkerEntryPoint;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns an assignment's {@code jobClass} and {@code artifact} into a {@link WorkerEntryPoint}: from the agent's class
 * path when the artifact is null, else from the jar (a path, {@code file:} or {@code http(s):} URL, or
 * {@code master:<sha256>} for a jar uploaded to the master) in its own {@link ArtifactClassLoader}. The artifact must pass the agent's own {@link ArtifactPolicy} and, when the assignment
 * carries a SHA-256, match it, whatever the master sent. Blocking (it may download): call it from a worker's start
 * thread. Thread-safe.
 */
final class WorkerLoader {

    /** A loaded entry point and the class loader to close when the worker ends (null for the agent's own). */
    record Loaded(WorkerEntryPoint entryPoint, URLClassLoader loader) {
    }

    private final ClassLoader agentLoader;
    private final ArtifactPolicy policy;
    private final ArtifactDownloads downloads;

    WorkerLoader(ClassLoader agentLoader, ArtifactPolicy policy, ArtifactDownloads downloads) {
        this.agentLoader = agentLoader;
        this.policy = policy;
        this.downloads = downloads;
    }

    Loaded load(WorkerAssignment a) throws WorkerLoadException {
        if (a.artifact() == null || a.artifact().isBlank()) {
            Class<?> type;
            try {
                type = Class.forName(a.jobClass(), false, agentLoader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new WorkerLoadException("jobClass '" + a.jobClass() + "' is not on the agent's class path"
                        + " (give the job cluster an artifact: the jar that contains it)");
            }
            return new Loaded(instantiate(a.jobClass(), type), null);
        }
        Path jar = artifactJar(a);
        URLClassLoader loader;
        try {
            loader = new ArtifactClassLoader("weir-worker-" + a.jobId() + "-" + a.workerNumber(), jar.toUri().toURL(), agentLoader);
        } catch (IOException e) {
            throw new WorkerLoadException("artifact '" + a.artifact() + "': " + e.getMessage(), e);
        }
        try {
            Class<?> type;
            try {
                type = Class.forName(a.jobClass(), false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new WorkerLoadException("jobClass '" + a.jobClass() + "' is not in artifact '" + a.artifact() + "'"
                        + " (check the class name and that the jar contains it)");
            }
            return new Loaded(instantiate(a.jobClass(), type), loader);
        } catch (WorkerLoadException | RuntimeException | Error e) {
            closeQuietly(loader);
            throw e;
        }
    }

    private static WorkerEntryPoint instantiate(String name, Class<?> type) throws WorkerLoadException {
        if (!WorkerEntryPoint.class.isAssignableFrom(type)) {
            throw new WorkerLoadException("jobClass '" + name + "' does not implement " + WorkerEntryPoint.class.getName());
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new WorkerLoadException("jobClass '" + name + "' is abstract (expected: a concrete class)");
        }
        try {
            return (WorkerEntryPoint) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new WorkerLoadException("jobClass '" + name + "' needs a public no-arg constructor (and must be a public class)");
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            throw new WorkerLoadException("jobClass '" + name + "' failed in its constructor: " + WorkerSlot.describe(c), c);
        } catch (InstantiationException | LinkageError e) {
            throw new WorkerLoadException("jobClass '" + name + "' cannot be instantiated: " + WorkerSlot.describe(e), e);
        }
    }

    /** The verified local jar of an assignment's artifact; null when it has none (the agent's class path). */
    Path artifactJar(WorkerAssignment a) throws WorkerLoadException {
        String artifact = a.artifact() == null || a.artifact().isBlank() ? null : a.artifact();
        String problem = policy.problem(artifact, a.artifactSha256());
        if (problem != null) {
            throw new WorkerLoadException(problem + " (refused by this agent's artifact policy)");
        }
        if (artifact == null) {
            return null;
        }
        String stored = ArtifactPolicy.storedDigest(artifact);
        if (stored != null) {
            return downloads.fetch(artifact, null, stored);
        }
        String lower = artifact.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return downloads.fetch(artifact, null, a.artifactSha256());
        }
        Path path;
        try {
            path = lower.startsWith("file:") ? Path.of(URI.create(artifact)) : Path.of(artifact);
        } catch (IllegalArgumentException e) {
            throw new WorkerLoadException("artifact '" + artifact + "' is not a valid file URL (expected: file:/path/to/job.jar)");
        }
        if (!Files.isRegularFile(path)) {
            throw new WorkerLoadException("artifact '" + artifact + "' not found on agent (no file " + path.toAbsolutePath() + ")");
        }
        return downloads.fetch(artifact, path, a.artifactSha256());
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // nothing to release beyond the jar handle
        }
    }
}
