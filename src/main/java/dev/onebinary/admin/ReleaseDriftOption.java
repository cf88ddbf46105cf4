package dev.onebinary.admin;

import picocli.CommandLine.Option;

/**
 * {@code --allow-release-drift}, shared by every command that can change data (tasks, {@code console --write},
 * {@code migrate}): run although the database is ahead of this release or another release is serving. The run is
 * recorded in the ledger with both releases.
 */
public final class ReleaseDriftOption {

    @Option(
            names = "--allow-release-drift",
            description = "Change data although the database is ahead of this release or another release is running"
                    + " against it (recorded in the ledger with both releases); refused with exit 7 without it.")
    boolean allowed;

    public boolean allowed() {
        return allowed;
    }
}
