package dev.onebinary.admin;

import picocli.CommandLine.Option;

/**
 * The one output option of every command that prints a result: {@code --output text|json}. {@code --json} stays as a
 * hidden alias of {@code --output json} for the scripts written against the first release.
 */
public final class OutputOption {

    /** How a result is printed. */
    public enum Format {
        text,
        json
    }

    @Option(
            names = "--output",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format = Format.text;

    @Option(names = "--json", hidden = true, description = "Same as --output json.")
    boolean jsonAlias;

    public boolean json() {
        return jsonAlias || format == Format.json;
    }
}
