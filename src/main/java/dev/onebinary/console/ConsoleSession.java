package dev.onebinary.console;

import dev.onebinary.domain.ledger.StatementLog;
import dev.onebinary.domain.ledger.StatementLog.Ending;
import dev.onebinary.domain.ledger.StatementLog.Transaction;
import dev.onebinary.platform.Secrets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.hibernate.SessionFactory;

/**
 * One console session on its own connection, each statement recorded before it is sent and completed after it.
 * Read-only mode runs every statement alone in a READ ONLY transaction that is always rolled back, then resets the
 * session on the server (DISCARD ALL: settings, advisory locks, LISTEN, cursors, prepared statements, temporary
 * tables). Write mode keeps one transaction open until it is committed or rolled back, with a savepoint around each
 * statement; what became of it is asked of the server, never assumed. Every statement carries the timeout, set by
 * the console inside the transaction, with the {@link Watchdog} behind it.
 */
final class ConsoleSession implements AutoCloseable {

    /** The query language of a statement. */
    enum Language {
        JPQL,
        SQL
    }

    /** How the session runs statements. */
    record Settings(
            boolean write,
            Duration statementTimeout,
            int maxRows,
            Duration idleInTransactionTimeout,
            int connectTimeout) {}

    /** A statement that did not run to its end; the message is one line, with secrets masked. */
    static final class StatementFailed extends RuntimeException {
        private final Ending ending;

        StatementFailed(Ending ending, String message) {
            super(message);
            this.ending = ending;
        }

        Ending ending() {
            return ending;
        }
    }

    /**
     * The longest statement the console takes, in characters: beyond it the input is refused before it is parsed,
     * masked or sent, and the ledger keeps its first {@link #RECORDED_HEAD} characters (masked) and its length.
     */
    static final int MAX_STATEMENT_CHARS = 1 << 20;

    static final int RECORDED_HEAD = 1000;

    private static final String WRITTEN =
            "(SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_all_tables)::bigint";

    private final Target target;
    private final Settings settings;
    private final StatementLog log;
    private final long runId;
    private final Supplier<SessionFactory> orm;
    private final Watchdog watchdog = new Watchdog();
    private final Tally tally = new Tally();
    private ConsoleConnection connection;
    private JpqlRunner jpql;
    private final WriteTransaction transaction;
    private int seq;
    private volatile boolean running;
    private volatile boolean canceled;
    /** The line a Ctrl-C cancels: from when the prompt took it until its statement has run (0: none). */
    private volatile long lineInFlight;

    private long lines;

    ConsoleSession(
            Target target,
            Settings settings,
            StatementLog log,
            long runId,
            Supplier<SessionFactory> orm,
            ServerTruth truth) {
        this.target = target;
        this.settings = settings;
        this.log = log;
        this.runId = runId;
        this.orm = orm;
        this.transaction = new WriteTransaction(log, runId, truth, tally);
    }

    boolean writable() {
        return settings.write();
    }

    /** True while a write-mode transaction is open (the prompt shows it). */
    boolean inTransaction() {
        return transaction.open();
    }

    /** True while a statement runs (Ctrl-C then cancels it). */
    boolean running() {
        return running;
    }

    Tally tally() {
        return tally;
    }

    /** The session's connection, opened on first use and again after a lost one. */
    ConsoleConnection connection() {
        if (connection == null || connection.isClosed()) {
            dropConnection();
            connection = ConsoleConnection.open(target, !settings.write(), settings.connectTimeout());
        }
        return connection;
    }

    /** Runs one line; null when it held no statement. Throws {@link StatementFailed} for a refusal or a failure. */
    Result execute(String text, Language language) {
        if (text.length() > MAX_STATEMENT_CHARS) {
            String reason =
                    "refused: the statement is " + text.length() + " characters long; the console takes at most "
                            + MAX_STATEMENT_CHARS + " (bulk work belongs in a task)";
            log.refused(
                    runId,
                    ++seq,
                    language.name().toLowerCase(Locale.ROOT),
                    Secrets.maskSql(text.substring(0, RECORDED_HEAD)) + " ... (" + text.length() + " characters)",
                    reason);
            tally.refused++;
            throw new StatementFailed(Ending.REFUSED, reason);
        }
        ConsoleConnection c = connection();
        SqlGuard.Verdict verdict = SqlGuard.check(text, settings.write(), c.standardConformingStrings(), false);
        String lang = language.name().toLowerCase(Locale.ROOT);
        String masked = Secrets.maskSql(text);
        if (verdict.kind() == SqlGuard.Kind.EMPTY) {
            return null;
        }
        if (verdict.kind() == SqlGuard.Kind.COMMIT || verdict.kind() == SqlGuard.Kind.ROLLBACK) {
            int n = ++seq;
            record(n, lang, masked);
            WriteTransaction.Settled settled = verdict.kind() == SqlGuard.Kind.COMMIT ? commit() : rollback();
            log.end(runId, n, new StatementLog.End(Ending.OK, 0, null, null, settled.transaction(), null));
            if (settled.failed()) {
                throw new StatementFailed(Ending.ERROR, settled.message());
            }
            return Result.message(settled.message());
        }
        if (verdict.refused() && language == Language.SQL) {
            log.refused(runId, ++seq, lang, masked, verdict.reason());
            tally.refused++;
            throw new StatementFailed(Ending.REFUSED, verdict.reason());
        }
        int n = ++seq;
        record(n, lang, masked);
        tally.statements++;
        return run(text, language, n);
    }

    /** Records the statement before it runs; a statement the ledger cannot record is not run. */
    private void record(int n, String language, String masked) {
        try {
            log.begin(runId, n, language, masked);
        } catch (RuntimeException e) {
            throw new StatementFailed(
                    Ending.ERROR, "not run: the ledger could not record the statement (" + Messages.oneLine(e) + ")");
        }
    }

    private Result run(String text, Language language, int n) {
        long start = System.nanoTime();
        Watchdog.Stage stage = Watchdog.Stage.NONE;
        if (lineInFlight == 0) {
            canceled = false;
        }
        try {
            ConsoleConnection c = connection();
            if (settings.write()) {
                transaction.beginIfNeeded(c);
            }
            c.run(settings.write() ? "SAVEPOINT console_statement" : "BEGIN READ ONLY");
            long before = limits(c);
            Result result;
            start = System.nanoTime();
            running = true;
            if (language == Language.SQL) {
                watchdog.arm(settings.statementTimeout(), c);
            }
            try {
                result = language == Language.SQL
                        ? Statements.sql(c, text, settings.maxRows(), start)
                        : jpql(c).run(text, settings.maxRows(), start);
            } finally {
                running = false;
                lineInFlight = 0;
                stage = watchdog.disarm();
                c.finished();
            }
            long written = 0;
            if (settings.write()) {
                List<Object> after =
                        c.row("SELECT txid_current_if_assigned(), " + WRITTEN + ", pg_advisory_unlock_all()");
                transaction.noteXid(after.get(0));
                written = ((Number) after.get(1)).longValue() - before;
                c.run("RELEASE SAVEPOINT console_statement");
                result = result.written(written);
            }
            log.end(
                    runId,
                    n,
                    new StatementLog.End(
                            Ending.OK,
                            Result.millis(start),
                            result.isQuery() ? (long) result.rows().size() : null,
                            written,
                            settings.write() ? Transaction.UNCOMMITTED : null,
                            null));
            return result;
        } catch (SQLException | RuntimeException e) {
            throw failed(e, text, n, start, stage);
        } finally {
            if (!settings.write()) {
                resetReadOnly();
            }
        }
    }

    /** Sets the statement's limits inside its transaction; returns the rows written so far (write mode). */
    private long limits(ConsoleConnection c) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT set_config('statement_timeout', '")
                .append(settings.statementTimeout().toMillis())
                .append("', true)");
        if (c.checksClientConnection()) {
            sql.append(", set_config('client_connection_check_interval', '2000', true)");
        }
        if (!settings.write()) {
            c.row(sql.toString());
            return 0;
        }
        sql.append(", set_config('idle_in_transaction_session_timeout', '")
                .append(settings.idleInTransactionTimeout().toMillis())
                .append("', true), ")
                .append(WRITTEN);
        List<Object> row = c.row(sql.toString());
        return ((Number) row.getLast()).longValue();
    }

    private StatementFailed failed(Exception e, String text, int n, long start, Watchdog.Stage stage) {
        boolean lost = connection == null || connection.isClosed() || Statements.connectionFailure(e);
        Ending ending = Statements.refusal(e) != null
                ? Ending.REFUSED
                : stage != Watchdog.Stage.NONE || Statements.timedOut(e)
                        ? Ending.TIMEOUT
                        : canceled || Statements.canceled(e) ? Ending.CANCELED : Ending.ERROR;
        String message =
                Secrets.redact(Statements.refusal(e) != null ? Statements.refusal(e) : Messages.oneLine(e), text);
        if (ending == Ending.TIMEOUT && stage != Watchdog.Stage.NONE) {
            message = "the statement outlived --statement-timeout "
                    + settings.statementTimeout().toMillis() + "ms and was "
                    + (stage == Watchdog.Stage.TERMINATED ? "ended with its session" : "canceled");
        }
        Transaction outcome = null;
        String extra = "";
        if (settings.write()) {
            outcome = Transaction.ROLLED_BACK;
            if (!lost) {
                try {
                    connection.run("ROLLBACK TO SAVEPOINT console_statement");
                } catch (SQLException rollback) {
                    lost = true;
                }
            }
            if (lost) {
                extra = "; " + transaction.lost().message();
            }
        }
        if (lost) {
            dropConnection();
        }
        log.end(runId, n, new StatementLog.End(ending, Result.millis(start), 0L, 0L, outcome, message));
        tally.failed++;
        return new StatementFailed(ending, message + extra);
    }

    private void resetReadOnly() {
        if (connection == null || connection.isClosed()) {
            return;
        }
        try {
            connection.run("ROLLBACK");
            connection.run("DISCARD ALL");
        } catch (SQLException e) {
            dropConnection();
        }
    }

    private JpqlRunner jpql(ConsoleConnection c) {
        if (jpql == null) {
            boolean scs = c.standardConformingStrings();
            jpql = new JpqlRunner(orm.get(), c.jdbc(), sql -> {
                SqlGuard.Verdict v = SqlGuard.check(sql, settings.write(), scs, true);
                if (v.kind() != SqlGuard.Kind.RUN) {
                    throw new Statements.Refusal(v.refused() ? v.reason() : "refused: transaction control");
                }
                // Timed from here: what came before is Hibernate's own work on the client, not a statement.
                watchdog.arm(settings.statementTimeout(), c);
                return sql;
            });
        }
        return jpql;
    }

    /** Commits the write transaction and records what the server did with it. */
    WriteTransaction.Settled commit() {
        return end("COMMIT");
    }

    /** Rolls back the write transaction and records it. */
    WriteTransaction.Settled rollback() {
        return end("ROLLBACK");
    }

    private WriteTransaction.Settled end(String command) {
        WriteTransaction.Settled settled = transaction.end(connection, command);
        if (!settled.sent()) {
            dropConnection();
        } else if (settled.transaction() != null) {
            resetWrite();
        }
        return settled;
    }

    private void resetWrite() {
        try {
            connection.run("DISCARD ALL");
        } catch (SQLException e) {
            dropConnection();
        }
    }

    /**
     * The prompt took a line: until its statement has run, {@link #cancel()} cancels it, even when the Ctrl-C comes
     * before the statement reached the server.
     */
    void lineStarted() {
        canceled = false;
        lineInFlight = ++lines;
    }

    /** The prompt is done with the line (it may have run no statement at all). */
    void lineDone() {
        lineInFlight = 0;
    }

    /**
     * Cancels the running statement (Ctrl-C, or a signal that ends the session); false when there is nothing to
     * cancel: no statement runs and no line taken at the prompt is on its way to one.
     *
     * <p>pgjdbc cancels a statement only once it is executing, so a cancel that comes between the prompt taking the
     * line and the query reaching the server would be lost and the statement would run to its end: until that line's
     * statement has run, the cancel is asked for again every 20 ms (each one a no-op until the statement executes).
     */
    boolean cancel() {
        canceled = true;
        ConsoleConnection c = connection;
        if (c != null && running) {
            c.cancel();
        }
        long line = lineInFlight;
        if (line != 0) {
            Thread.ofVirtual().name("console-cancel").start(() -> {
                while (lineInFlight == line) {
                    ConsoleConnection current = connection;
                    if (current != null && running) {
                        current.cancel();
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            return true;
        }
        return running;
    }

    private void dropConnection() {
        if (jpql != null) {
            try {
                jpql.close();
            } catch (RuntimeException e) {
                // the connection under it is gone
            }
            jpql = null;
        }
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /** Rolls back an open write transaction (recording what the server did), and closes the connection. */
    @Override
    public void close() {
        try {
            if (transaction.open()) {
                if (connection == null || connection.isClosed()) {
                    transaction.lost();
                } else {
                    rollback();
                }
            }
        } finally {
            dropConnection();
            watchdog.close();
        }
    }

    /** Counts for the run's summary. */
    static final class Tally {
        int statements;
        int refused;
        int failed;
        int committed;
        int rolledBack;
    }
}
