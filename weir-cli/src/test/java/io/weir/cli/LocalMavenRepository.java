package io.weir.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Writes Weir's modules into a local Maven repository's layout, as {@code mvn install} would (io/weir/A/V/A-V.pom, .jar). */
final class LocalMavenRepository {

    static final String VERSION = "0.1.0-SNAPSHOT";

    private final Path root;

    LocalMavenRepository(Path root) {
        this.root = root;
    }

    void installPom(String artifactId, Path pom) throws IOException {
        Files.copy(pom, file(artifactId, "pom"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The module's pom, and its jar: the packaged one when the build got that far, else one made of target/classes. */
    void installModule(Path module, String artifactId) throws IOException {
        installPom(artifactId, module.resolve("pom.xml"));
        Path classes = module.resolve("target/classes");
        if (!Files.isDirectory(classes)) {
            return;
        }
        Path packaged = module.resolve("target/" + artifactId + "-" + VERSION + ".jar");
        if (Files.isRegularFile(packaged)) {
            Files.copy(packaged, file(artifactId, "jar"), StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (var out = new JarOutputStream(Files.newOutputStream(file(artifactId, "jar"))); var files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
    }

    private Path file(String artifactId, String extension) throws IOException {
        Path d = root.resolve("io/weir/" + artifactId + "/" + VERSION);
        Files.createDirectories(d);
        return d.resolve(artifactId + "-" + VERSION + "." + extension);
    }
}
