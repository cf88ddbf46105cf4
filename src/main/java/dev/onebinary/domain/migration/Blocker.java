package dev.onebinary.domain.migration;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A session that held a lock a migration waited for, as pg_stat_activity showed it while the migration waited. */
@RegisterForReflection
public record Blocker(int pid, String applicationName, String user, String state, long ageSeconds, String query) {

    /** {@code pid 4242 (psql, idle in transaction, 12 s: SELECT count(*) FROM records)}. */
    public String describe() {
        return "pid " + pid + " (" + (applicationName.isBlank() ? "no application name" : applicationName) + ", "
                + (state.isBlank() ? "state unknown" : state) + ", " + ageSeconds + " s"
                + (query.isBlank() ? "" : ": " + query) + ")";
    }
}
