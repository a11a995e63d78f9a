package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.config.Setting;
import io.weir.core.config.SettingCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is what the code generates, and the catalog lists exactly the settings the code reads. */
class ConfigurationReferenceTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern LITERAL = Pattern.compile("\"(WEIR_[A-Z0-9_]+)");
    private static final Pattern NAME = Pattern.compile("\\bWEIR_[A-Z0-9_]+\\b");
    private static final String CATALOG = "SettingCatalog.java";

    @Test
    void committedReferenceIsTheGeneratedOne() throws IOException {
        String generated = ConfigurationReference.render();
        if (Boolean.getBoolean("weir.docs.write")) {
            Files.writeString(ConfigurationReference.DOC, generated);
        }
        assertThat(Files.readString(ConfigurationReference.DOC))
                .as("docs/configuration.md is stale: run this test with -Dweir.docs.write=true and commit the file")
                .isEqualTo(generated);
    }

    @Test
    void everyVariableTheCodeReadsIsInTheCatalog() throws IOException {
        var read = names(LITERAL, path -> path.toString().endsWith(".java"));
        assertThat(read).as("WEIR_* variables in src/main missing from io.weir.core.config.SettingCatalog")
                .filteredOn(n -> SettingCatalog.find(n).isEmpty()).isEmpty();
    }

    @Test
    void everyCatalogEntryIsReadBySomething() throws IOException {
        var mentioned = names(NAME, path -> !path.getFileName().toString().equals(CATALOG));
        assertThat(SettingCatalog.all()).extracting(Setting::name)
                .as("settings in the catalog that no main source or resource reads").filteredOn(n -> !mentioned.contains(n)).isEmpty();
    }

    private static Set<String> names(Pattern pattern, java.util.function.Predicate<Path> files) throws IOException {
        var names = new TreeSet<String>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path main : modules.map(m -> m.resolve("src/main")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> sources = Files.walk(main)) {
                    for (Path f : sources.filter(Files::isRegularFile).filter(files).toList()) {
                        Matcher m = pattern.matcher(Files.readString(f));
                        while (m.find()) {
                            names.add(m.groupCount() > 0 ? m.group(1) : m.group());
                        }
                    }
                }
            }
        }
        return names;
    }
}
