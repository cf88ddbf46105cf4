/** One-off admin processes: one picocli command per subcommand, run against the same release and config. */
package dev.onebinary.admin;
