package io.weir.agent.testing;

import io.weir.core.worker.WorkerEntryPoint;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;

/** Compiles one worker class against Weir's core into a jar, as a job's artifact; and the SHA-256 of files. */
public final class JobJars {

    private JobJars() {
    }

    /** Compiles {@code source} (class {@code className}) under {@code dir} into {@code dir/<name>.jar}. */
    public static Path compile(Path dir, String name, String className, String source) throws Exception {
        Path src = dir.resolve(name + "-src/" + className.replace('.', '/') + ".java");
        Path classes = dir.resolve(name + "-classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, source);
        String core = location(WorkerEntryPoint.class) + File.pathSeparator + location(com.fasterxml.jackson.annotation.JsonInclude.class);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-classpath", core, "-d", classes.toString(), src.toString());
        if (rc != 0) {
            throw new IllegalStateException("javac failed with " + rc);
        }
        Path jar = dir.resolve(name + ".jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar)); var files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A worker that writes {@code marker} when its class is initialized, then starts without ports and runs until closed. */
    public static Path markerJob(Path dir, String name, Path marker) throws Exception {
        return compile(dir, name, "demo.MarkerWorker", """
                package demo;

                import io.weir.core.model.WorkerPorts;
                import io.weir.core.worker.RunningWorker;
                import io.weir.core.worker.WorkerContext;
                import io.weir.core.worker.WorkerEntryPoint;
                import java.nio.file.Files;
                import java.nio.file.Path;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.CompletionStage;

                public class MarkerWorker implements WorkerEntryPoint {
                    static {
                        try {
                            Files.writeString(Path.of("%s"), "ran");
                        } catch (Exception e) {
                            throw new ExceptionInInitializerError(e);
                        }
                    }

                    @Override
                    public RunningWorker start(WorkerContext context) {
                        var done = new CompletableFuture<Void>();
                        return new RunningWorker() {
                            public WorkerPorts ports() { return WorkerPorts.NONE; }
                            public CompletionStage<Void> completion() { return done; }
                            public void close() { done.complete(null); }
                        };
                    }
                }
                """.formatted(marker.toAbsolutePath().toString().replace("\\", "\\\\")));
    }

    /** The hex SHA-256 of a file. */
    public static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
