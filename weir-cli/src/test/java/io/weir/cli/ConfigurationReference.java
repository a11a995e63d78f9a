package io.weir.cli;

import io.weir.core.config.Setting;
import io.weir.core.config.SettingCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Generates {@code docs/configuration.md}: every {@code WEIR_*} setting from {@link SettingCatalog} and every flag of
 * every {@code weir} command from picocli's model of {@link WeirCli}. {@code main} writes the file.
 */
final class ConfigurationReference {

    static final Path DOC = Path.of("..", "docs", "configuration.md");

    private static final Pattern STATED_DEFAULT = Pattern.compile(" ?\\(default: ([^()]*(?:\\([^()]*\\)[^()]*)*)\\)");
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Z0-9_]+)(?::-([^}]*))?}");

    private ConfigurationReference() {
    }

    public static void main(String[] args) throws Exception {
        Files.writeString(args.length > 0 ? Path.of(args[0]) : DOC, render());
    }

    static String render() {
        var out = new StringBuilder("""
                # Configuration reference

                Generated from the code (`io.weir.core.config.SettingCatalog` and the `weir` command's options) by
                `ConfigurationReference`; `ConfigurationReferenceTest` fails when this file is out of date.

                A setting is read from the environment variable, or from the Java system property of its lower-case
                dotted name (`-Dweir.master.port=9000`), which wins. A command-line flag wins over both. Bad values stop
                the process at start with a message naming the setting, e.g. `WEIR_MASTER_PORT: 70000 (expected: <= 65535)`.
                The `weir` command warns about a `WEIR_*` variable that is no setting (a typo).

                ## Environment variables
                """);
        for (Setting.Scope scope : Setting.Scope.values()) {
            out.append("\n### ").append(scope.title()).append("\n\n| Variable | Default | Unit | Meaning |\n|---|---|---|---|\n");
            SettingCatalog.all().stream().filter(s -> s.scope() == scope).forEach(s -> out.append("| `").append(s.name())
                    .append("` | ").append(cell(s.defaultValue())).append(" | ").append(cell(s.unit())).append(" | ")
                    .append(cell(s.description())).append(" |\n"));
        }
        out.append("\n## Command-line flags\n\nEvery command also takes `-h`/`--help` and `-V`/`--version`; `weir <command> --help` prints the same.\n");
        commands(new CommandLine(new WeirCli()).setInterpolateVariables(false).getCommandSpec(), out);
        return out.toString();
    }

    private static void commands(CommandSpec command, StringBuilder out) {
        var options = command.options().stream().filter(o -> !o.hidden() && !o.usageHelp() && !o.versionHelp()).toList();
        out.append("\n### `").append(command.qualifiedName(" ")).append("`\n\n").append(cell(String.join(" ", command.usageMessage().description())))
                .append("\n");
        if (!options.isEmpty()) {
            out.append("\n| Flag | Default | Meaning |\n|---|---|---|\n");
            options.forEach(o -> out.append("| ").append(flag(o)).append(" | ").append(cell(defaultOf(o))).append(" | ")
                    .append(cell(description(o))).append(" |\n"));
        }
        command.subcommands().values().stream().map(CommandLine::getCommandSpec).distinct()
                .forEach(sub -> commands(sub, out));
    }

    private static String flag(OptionSpec o) {
        String names = String.join(", ", List.of(o.names()).stream().map(n -> "`" + n + "`").toList());
        return o.arity().max() > 0 ? names + " `" + o.paramLabel() + "`" : names;
    }

    /** The default an option's description states ({@code (default: ...)}), else its declared one. */
    private static String defaultOf(OptionSpec o) {
        Matcher stated = STATED_DEFAULT.matcher(rawDescription(o));
        if (stated.find()) {
            return stated.group(1).replace("${DEFAULT-VALUE}", fallback(o));
        }
        String d = o.defaultValue();
        if (d == null) {
            return o.arity().max() == 0 ? "off" : "—";
        }
        Matcher m = ENV_DEFAULT.matcher(d);
        return m.matches() ? "`" + m.group(1) + "`, else " + fallback(o) : d;
    }

    private static String fallback(OptionSpec o) {
        String d = o.defaultValue();
        if (d == null) {
            return "none";
        }
        Matcher m = ENV_DEFAULT.matcher(d);
        return !m.matches() ? d : m.group(2) == null || m.group(2).isEmpty() ? "none" : m.group(2);
    }

    private static String description(OptionSpec o) {
        return STATED_DEFAULT.matcher(rawDescription(o)).replaceAll("").replace("${DEFAULT-VALUE}", fallback(o)).trim();
    }

    private static String rawDescription(OptionSpec o) {
        return String.join(" ", o.description());
    }

    /** {@code text} for a table cell: one line, pipes escaped, angle brackets outside code spans shown as text. */
    private static String cell(String text) {
        String[] parts = text.replace("|", "\\|").replace("\n", " ").replaceAll("%n", " ").trim().split("`", -1);
        for (int i = 0; i < parts.length; i += 2) {
            parts[i] = parts[i].replace("<", "&lt;").replace(">", "&gt;");
        }
        return String.join("`", parts);
    }
}
