package dev.onebinary.domain.migration.lint;

import java.util.Arrays;
import java.util.Optional;

/** The lint rules: what each one catches, why it is dangerous on a live table, and what to write instead. */
public enum Rule {
    REQUIRE_CONCURRENT_INDEX(
            "require-concurrent-index",
            "CREATE INDEX without CONCURRENTLY holds a SHARE lock on an existing table for the whole build: every"
                    + " INSERT, UPDATE and DELETE waits",
            "CREATE INDEX CONCURRENTLY in a script of its own (Flyway runs it outside a transaction)"),
    REQUIRE_CONCURRENT_DROP_INDEX(
            "require-concurrent-drop-index",
            "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table: it queues behind"
                    + " every running query, and every query queues behind it",
            "DROP INDEX CONCURRENTLY in a script of its own"),
    ADD_COLUMN_VOLATILE_DEFAULT(
            "add-column-volatile-default",
            "a column with a volatile default (random(), gen_random_uuid(), clock_timestamp(), a sequence, an identity"
                    + " or a stored generated column) rewrites the whole table under ACCESS EXCLUSIVE",
            "add the column without a default (or with a constant one), set the default in a second statement, and"
                    + " backfill existing rows with a task in batches"),
    ADD_COLUMN_REQUIRED(
            "add-column-required",
            "a NOT NULL column without a default fails on a table that has rows, and the running release's INSERTs,"
                    + " which do not know the column, fail once it exists",
            "add it nullable or with a constant DEFAULT; enforce NOT NULL later (CHECK ... NOT VALID, VALIDATE, SET NOT"
                    + " NULL)"),
    SET_NOT_NULL(
            "set-not-null",
            "SET NOT NULL scans the whole table under ACCESS EXCLUSIVE to check every row",
            "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c in a later migration; then SET"
                    + " NOT NULL, which uses the validated constraint and skips the scan"),
    ADD_FOREIGN_KEY_NOT_VALID(
            "add-foreign-key-not-valid",
            "adding a foreign key validates every row while holding SHARE ROW EXCLUSIVE on both tables: writes to"
                    + " both wait for the whole scan",
            "ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID, then VALIDATE CONSTRAINT in a later migration (it takes a"
                    + " lock that lets reads and writes go on)"),
    ADD_CHECK_NOT_VALID(
            "add-check-not-valid",
            "adding a CHECK constraint scans the whole table under ACCESS EXCLUSIVE",
            "ADD CONSTRAINT ... CHECK (...) NOT VALID, then VALIDATE CONSTRAINT in a later migration"),
    VALIDATE_IN_SAME_TRANSACTION(
            "validate-in-same-transaction",
            "VALIDATE CONSTRAINT in the transaction that added the constraint scans while that transaction still holds"
                    + " the ADD's strong lock: NOT VALID gains nothing",
            "validate in a later migration (each migration is its own transaction)"),
    CHANGE_COLUMN_TYPE(
            "change-column-type",
            "changing a column's type rewrites the table and its indexes under ACCESS EXCLUSIVE unless the change is"
                    + " binary-coercible (varchar(n) to text or to a longer varchar)",
            "add a new column, write both from the application, backfill with a task, switch reads, drop the old"
                    + " column in a later release (lint --observed measures whether this change rewrites)"),
    RENAME_COLUMN(
            "rename-column",
            "the running release still reads and writes the old name: its queries fail from the moment the migration"
                    + " commits",
            "expand/contract: add the new column, write both, backfill, move reads, drop the old one in a later"
                    + " release"),
    RENAME_TABLE(
            "rename-table",
            "the running release still uses the old name: its queries fail from the moment the migration commits",
            "create the new table (or a view under the old name), move the application over, drop the old name in a"
                    + " later release"),
    DROP_COLUMN(
            "drop-column",
            "the running release may still read or write the column: its queries fail once it is gone",
            "stop using the column in one release, drop it in a later one; suppress with the release that stopped"
                    + " using it as the reason"),
    DROP_TABLE(
            "drop-table",
            "the running release may still use the table: its queries fail once it is gone, and the data is lost",
            "stop using the table in one release, drop it in a later one; suppress with the reason"),
    CONSTRAINT_WITHOUT_INDEX(
            "constraint-without-index",
            "adding a UNIQUE or PRIMARY KEY constraint builds its index while holding ACCESS EXCLUSIVE: no reads, no"
                    + " writes for the whole build",
            "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE USING INDEX (or PRIMARY KEY USING"
                    + " INDEX)"),
    VACUUM_FULL(
            "vacuum-full",
            "VACUUM FULL rewrites the whole table under ACCESS EXCLUSIVE",
            "plain VACUUM (or pg_repack) run by an operator, never inside a schema migration"),
    CLUSTER(
            "cluster",
            "CLUSTER rewrites the whole table under ACCESS EXCLUSIVE",
            "pg_repack run by an operator, never inside a schema migration"),
    REQUIRE_CONCURRENT_REINDEX(
            "require-concurrent-reindex",
            "REINDEX without CONCURRENTLY blocks writes to the table (and reads that use the index) while it rebuilds",
            "REINDEX ... CONCURRENTLY in a script of its own"),
    BACKFILL_IN_MIGRATION(
            "backfill-in-migration",
            "an UPDATE or DELETE without a key range in a schema migration touches every matching row in one"
                    + " transaction: row locks held to the end, a long lock-holding transaction, bloat, no progress and"
                    + " no resume",
            "a one-off task (app <task>) that the release runs after migrate: keyset batches, a short transaction"
                    + " each, resumable"),
    SCRIPT_TIMEOUT(
            "script-timeout",
            "the script sets its own timeouts: a zero or reset value, or a statement_timeout without a lock_timeout,"
                    + " lets a migration wait for locks without bound while every query on the table queues behind it",
            "leave the timeouts to app migrate and raise them for this script only with a header comment:"
                    + " -- app:lock-timeout=30s, -- app:statement-timeout=2h"),
    MIXED_CONCURRENT_SCRIPT(
            "mixed-concurrent-script",
            "a CONCURRENTLY statement cannot run in a transaction, so the whole script would run without one (Flyway"
                    + " refuses to mix): a failure half-way leaves half of it applied",
            "put CONCURRENTLY statements in a script of their own"),
    INVALID_SUPPRESSION(
            "invalid-suppression",
            "a lint-ignore comment must name a known rule and give a reason; this one suppresses nothing",
            "-- app:lint-ignore RULE: why this statement is safe here"),
    OBSERVED_LOCK(
            "observed-lock",
            "measured on a scratch database: the statement rewrote or scanned an existing table while its transaction"
                    + " held a lock that blocks writes (or reads) of that table",
            "split the change so the long part runs under a weaker lock (NOT VALID + VALIDATE, CONCURRENTLY, a task)");

    private final String id;
    private final String why;
    private final String safe;

    Rule(String id, String why, String safe) {
        this.id = id;
        this.why = why;
        this.safe = safe;
    }

    public String id() {
        return id;
    }

    public String why() {
        return why;
    }

    public String safe() {
        return safe;
    }

    /** Rules a lint-ignore comment may name: all but the one about suppressions themselves. */
    public boolean suppressible() {
        return this != INVALID_SUPPRESSION;
    }

    public static Optional<Rule> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }
}
