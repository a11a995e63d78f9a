package io.weir.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weir new job NAME}: writes a Maven project for a new job from the templates under {@code io/weir/cli/newjob/}. */
@Command(name = "new", mixinStandardHelpOptions = true, description = "Start a new project that builds on Weir.",
        subcommands = {NewCommand.Job.class})
final class NewCommand {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern PACKAGE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");

    @Command(name = "job", mixinStandardHelpOptions = true,
            description = "Write a Maven project with a sample job, its unit test (weir-testkit) and a job cluster definition.")
    static final class Job implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "The project's artifactId and job cluster name, e.g. page-views (lower case, digits, '-').")
        String name;

        @Option(names = "--package", paramLabel = "P", description = "The job's Java package (default: com.example.<name without '-'>).")
        String packageName;

        @Option(names = "--dir", paramLabel = "D", description = "Where to write the project (default: ./NAME); must not exist or be empty.")
        Path dir;

        @Override
        public Integer call() throws IOException {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("job name '" + name + "': use lower-case letters, digits and '-', starting with a letter"
                        + " (e.g. page-views)");
            }
            String pkg = packageName != null ? packageName : "com.example." + name.replace("-", "");
            if (!PACKAGE.matcher(pkg).matches() || !javax.lang.model.SourceVersion.isName(pkg)) {
                throw new IllegalArgumentException("--package '" + pkg + "': expected a Java package in lower case, without Java keywords, e.g. com.example.views");
            }
            Path target = dir != null ? dir : Path.of(name);
            if (Files.exists(target) && (!Files.isDirectory(target) || !isEmpty(target))) {
                throw new IllegalArgumentException(target + " already exists and is not empty: choose another --dir or remove it");
            }
            var project = NewJobProject.of(name, pkg);
            project.writeTo(target);
            System.out.println("Wrote " + project.className() + " (" + pkg + ") to " + target.toAbsolutePath().normalize());
            System.out.println("  cd " + target + " && mvn package     # unit test, then target/" + name + "-1.0-SNAPSHOT.jar");
            System.out.println("  weir clusters create cluster.json --artifact target/" + name + "-1.0-SNAPSHOT.jar && weir jobs submit " + name);
            return ExitCodes.OK;
        }

        private static boolean isEmpty(Path d) throws IOException {
            try (var entries = Files.list(d)) {
                return entries.findAny().isEmpty();
            }
        }
    }

    /** The files of a new job project: template resource → path in the project, with its placeholders filled. */
    record NewJobProject(String artifactId, String packageName, String className, Map<String, String> values) {

        static NewJobProject of(String name, String pkg) {
            String className = className(name);
            Properties versions = versions();
            var values = new LinkedHashMap<String, String>();
            values.put("artifactId", name);
            values.put("groupId", pkg);
            values.put("package", pkg);
            values.put("className", className);
            values.put("weirVersion", versions.getProperty("version"));
            values.put("junitVersion", versions.getProperty("junit"));
            return new NewJobProject(name, pkg, className, values);
        }

        void writeTo(Path dir) throws IOException {
            String sources = packageName.replace('.', '/');
            var files = new LinkedHashMap<String, String>();
            files.put("pom.xml.template", "pom.xml");
            files.put("README.md.template", "README.md");
            files.put("cluster.json.template", "cluster.json");
            files.put("gitignore.template", ".gitignore");
            files.put("Job.java.template", "src/main/java/" + sources + "/" + className + ".java");
            files.put("JobTest.java.template", "src/test/java/" + sources + "/" + className + "Test.java");
            for (var f : files.entrySet()) {
                Path out = dir.resolve(f.getValue());
                Files.createDirectories(out.getParent() == null ? dir : out.getParent());
                Files.writeString(out, fill(template(f.getKey())));
            }
        }

        /** "page-views" → "PageViewsJob". */
        static String className(String name) {
            var sb = new StringBuilder();
            for (String part : name.split("-")) {
                sb.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
            return sb.append("Job").toString();
        }

        private String fill(String template) {
            String text = template;
            for (var v : values.entrySet()) {
                text = text.replace("{{" + v.getKey() + "}}", v.getValue());
            }
            return text;
        }

        private static String template(String resource) {
            try (InputStream in = NewCommand.class.getResourceAsStream("newjob/" + resource)) {
                if (in == null) {
                    throw new IllegalStateException("template " + resource + " is missing from the weir-cli jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Properties versions() {
            var p = new Properties();
            try (InputStream in = NewCommand.class.getResourceAsStream("newjob/weir.properties")) {
                p.load(in);
            } catch (IOException | NullPointerException e) {
                throw new IllegalStateException("newjob/weir.properties is missing from the weir-cli jar", e);
            }
            return p;
        }
    }
}
