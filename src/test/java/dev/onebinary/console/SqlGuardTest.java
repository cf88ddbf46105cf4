package dev.onebinary.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The console's parser-side guard alone, with no database: what it lets through and what it refuses. */
class SqlGuardTest {

    private static SqlGuard.Verdict read(String sql) {
        return SqlGuard.check(sql, false, true, false);
    }

    private static SqlGuard.Verdict write(String sql) {
        return SqlGuard.check(sql, true, true, false);
    }

    @Test
    void queriesAndRowChangesGoToTheServer() {
        for (String sql : List.of(
                "SELECT 1",
                "select count(*) from records;",
                "  (SELECT 1) UNION (SELECT 2)",
                "WITH x AS (SELECT 1) SELECT * FROM x",
                "VALUES (1), (2)",
                "TABLE records",
                "EXPLAIN ANALYZE SELECT 1",
                "SHOW statement_timeout",
                "SELECT ';' AS semicolon, $$;$$, E'\\';' -- ; DELETE",
                "SELECT /* ; nested /* ; */ ; */ 1",
                "SELECT payload ? 'kind' FROM records",
                "SELECT lo_bound FROM t",
                "DELETE FROM records",
                "UPDATE records SET status = 'pending'")) {
            assertThat(read(sql)).as(sql).isEqualTo(SqlGuard.Verdict.RUN);
            assertThat(write(sql)).as(sql).isEqualTo(SqlGuard.Verdict.RUN);
        }
    }

    @Test
    void inputThatPgjdbcWouldSendAsSeveralStatementsIsRefused() {
        for (String sql : List.of(
                "COMMIT; DELETE FROM records WHERE id = 1",
                "ROLLBACK; DELETE FROM records",
                "END; DELETE FROM records",
                "SELECT 1; DELETE FROM records",
                "SELECT 1;;SELECT 2",
                "SET statement_timeout = 0; SELECT pg_sleep(60)",
                "SELECT '\\'; DELETE FROM records; --'")) {
            assertThat(read(sql).reason()).as(sql).startsWith("refused: one statement at a time");
            assertThat(write(sql).reason()).as(sql).startsWith("refused: one statement at a time");
        }
    }

    @Test
    void withoutStandardConformingStringsABackslashQuoteStaysInsideTheLiteral() {
        assertThat(SqlGuard.check("SELECT '\\'; DELETE FROM records; --'", false, false, false))
                .isEqualTo(SqlGuard.Verdict.RUN);
    }

    @Test
    void transactionControlIsRefusedInReadOnlyAndBecomesTheConsolesOwnInWriteMode() {
        for (String sql : List.of("COMMIT", "commit work", "END", "ROLLBACK", "abort transaction")) {
            assertThat(read(sql).reason()).as(sql).contains("transaction control in a read-only console");
        }
        assertThat(write("COMMIT").kind()).isEqualTo(SqlGuard.Kind.COMMIT);
        assertThat(write("end transaction").kind()).isEqualTo(SqlGuard.Kind.COMMIT);
        assertThat(write("ROLLBACK").kind()).isEqualTo(SqlGuard.Kind.ROLLBACK);
        assertThat(write("ABORT").kind()).isEqualTo(SqlGuard.Kind.ROLLBACK);
        for (String sql : List.of(
                "BEGIN",
                "START TRANSACTION READ WRITE",
                "SAVEPOINT s",
                "RELEASE SAVEPOINT s",
                "ROLLBACK TO SAVEPOINT s",
                "COMMIT AND CHAIN",
                "PREPARE TRANSACTION 'x'",
                "COMMIT PREPARED 'x'",
                "SET TRANSACTION READ WRITE",
                "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")) {
            assertThat(read(sql).refused()).as(sql).isTrue();
            assertThat(write(sql).reason()).as(sql).contains("the console runs the transaction");
        }
    }

    @Test
    void everyOtherKindOfStatementIsRefusedWithItsKeyword() {
        for (String sql : List.of(
                "DO $$ BEGIN PERFORM pg_sleep(1); END $$",
                "CALL p()",
                "LOCK records",
                "COPY records TO STDOUT",
                "LISTEN x",
                "NOTIFY x",
                "UNLISTEN *",
                "PREPARE p AS SELECT 1",
                "EXECUTE p",
                "DECLARE c CURSOR WITH HOLD FOR SELECT 1",
                "FETCH c",
                "VACUUM records",
                "ANALYZE records",
                "CHECKPOINT",
                "ALTER SYSTEM SET work_mem = '1GB'",
                "ALTER ROLE app PASSWORD 'x'",
                "LOAD 'auto_explain'",
                "TRUNCATE records",
                "CREATE TEMP TABLE t (i int)",
                "DROP TABLE records",
                "DISCARD ALL",
                "GRANT ALL ON records TO PUBLIC")) {
            assertThat(read(sql).reason()).as(sql).contains("the console runs queries and row changes");
            assertThat(write(sql).refused()).as(sql).isTrue();
        }
        assertThat(read("SET statement_timeout = 0").reason()).contains("settings belong to the console");
        assertThat(read("RESET ALL").reason()).contains("settings belong to the console");
        assertThat(read("SET ROLE postgres").reason()).contains("settings belong to the console");
    }

    @Test
    void functionsWhoseEffectsOutliveTheTransactionAreRefusedHoweverTheyAreSpelled() {
        for (String sql : List.of(
                "SELECT pg_terminate_backend(123)",
                "SELECT pg_catalog.pg_terminate_backend (123)",
                "SELECT \"pg_terminate_backend\"(123)",
                "SELECT PG_CANCEL_BACKEND/* hidden */(123)",
                "SELECT pg_advisory_lock(1)",
                "SELECT pg_try_advisory_lock(1)",
                "SELECT set_config('statement_timeout', '0', false)",
                "SELECT pg_notify('c', 'x')",
                "SELECT lo_import('/etc/passwd')",
                "SELECT nextval('records_id_seq')",
                "SELECT setval('records_id_seq', 1)",
                "SELECT * FROM query_to_xml('select pg_advisory_lock(1)', true, true, '')",
                "SELECT * FROM ts_stat('select 1')",
                "SELECT pg_read_file('/etc/passwd')",
                "SELECT * FROM pg_ls_dir('.')",
                "SELECT pg_reload_conf()",
                "SELECT dblink_exec('dbname=x', 'delete from records')",
                "SELECT pg_create_logical_replication_slot('s', 'pgoutput')",
                "SELECT pg_stat_reset()",
                "DELETE FROM records WHERE pg_advisory_lock(id) IS NULL")) {
            assertThat(read(sql).reason()).as(sql).contains("has effects outside the statement's transaction");
            assertThat(write(sql).refused()).as(sql).isTrue();
        }
        assertThat(read("SELECT U&\"\\0070g_terminate_backend\"(1)").reason()).contains("Unicode-escaped");
    }

    @Test
    void writeModeRefusesSelectIntoButNotInsertInto() {
        assertThat(write("SELECT * INTO copy FROM records").reason()).contains("creates a table");
        assertThat(write("WITH x AS (SELECT 1) SELECT * INTO copy FROM x").refused())
                .isTrue();
        assertThat(write("INSERT INTO records (status) VALUES ('x')")).isEqualTo(SqlGuard.Verdict.RUN);
        assertThat(write("WITH d AS (DELETE FROM records RETURNING *) INSERT INTO archive SELECT * FROM d"))
                .isEqualTo(SqlGuard.Verdict.RUN);
        assertThat(write("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE"))
                .isEqualTo(SqlGuard.Verdict.RUN);
    }

    @Test
    void hibernateSqlWithPlaceholdersIsCheckedTheSameWay() {
        assertThat(SqlGuard.check(
                        "select r1_0.id from records r1_0 where r1_0.status=? offset ? rows fetch first ? rows only",
                        false,
                        true,
                        true))
                .isEqualTo(SqlGuard.Verdict.RUN);
        assertThat(SqlGuard.check(
                                "select 1; commit; delete from records where id = 2; select 1 from records r1_0",
                                false,
                                true,
                                true)
                        .reason())
                .startsWith("refused: one statement at a time");
    }

    @Test
    void emptyInputIsNothingToRun() {
        assertThat(read(";").kind()).isEqualTo(SqlGuard.Kind.EMPTY);
        assertThat(read("  ").kind()).isEqualTo(SqlGuard.Kind.EMPTY);
    }
}
