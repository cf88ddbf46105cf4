package dev.onebinary.admin;

import picocli.CommandLine.Command;

/** {@code app serve}: the web process, the same as {@code app} with no subcommand. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the web process (the default).")
public class ServeCommand extends WebProcessCommand {}
