package dev.onebinary.console;

import dev.onebinary.domain.ledger.StatementLog;
import dev.onebinary.domain.ledger.StatementLog.Transaction;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * The write-mode transaction of a console session: opened before its first statement, ended by COMMIT or ROLLBACK
 * ({@code \commit}, {@code \rollback}, or typed), by a lost connection, or with the session. What became of it is
 * asked of the server by the transaction id noted after each statement ({@code txid_status}), never assumed, and
 * written to every statement of it the ledger still holds as uncommitted.
 */
final class WriteTransaction {

    /** What became of the transaction; {@code sent} false when the connection failed under the COMMIT or ROLLBACK. */
    record Settled(Transaction transaction, String message, boolean failed, boolean sent) {}

    private final StatementLog log;
    private final long runId;
    private final ServerTruth truth;
    private final ConsoleSession.Tally tally;
    private boolean open;
    private Long xid;
    private int pid;

    WriteTransaction(StatementLog log, long runId, ServerTruth truth, ConsoleSession.Tally tally) {
        this.log = log;
        this.runId = runId;
        this.truth = truth;
        this.tally = tally;
    }

    boolean open() {
        return open;
    }

    void beginIfNeeded(ConsoleConnection c) throws SQLException {
        if (!open) {
            c.run("BEGIN");
            open = true;
            xid = null;
            pid = c.pid();
        }
    }

    /** Notes {@code txid_current_if_assigned()}: null until the transaction has written. */
    void noteXid(Object value) {
        if (value != null) {
            xid = ((Number) value).longValue();
        }
    }

    /** Sends COMMIT or ROLLBACK ({@code connection} null when it is gone already), then asks the server. */
    Settled end(ConsoleConnection connection, String command) {
        if (!open) {
            return new Settled(
                    null, "no transaction is open: nothing to " + command.toLowerCase(Locale.ROOT), false, true);
        }
        boolean sent = false;
        try {
            if (connection == null) {
                throw new SQLException("the connection was lost", "08003");
            }
            List<Object> row = connection.row("SELECT txid_current_if_assigned()");
            noteXid(row.getFirst());
            connection.run(command);
            sent = true;
        } catch (SQLException e) {
            // Lost, or the server refused to commit (a deferred constraint): its transaction status says which.
        }
        Transaction outcome = xid == null
                ? (sent && command.equals("COMMIT") ? Transaction.COMMITTED : Transaction.ROLLED_BACK)
                : truth.of(xid, pid);
        return settle(outcome, command.equals("COMMIT"), sent ? null : "the " + command + " failed", sent);
    }

    /** The connection went away with the transaction open: the server's word on it. */
    Settled lost() {
        Transaction outcome = xid == null ? Transaction.ROLLED_BACK : truth.of(xid, pid);
        return settle(outcome, false, "the connection was lost", false);
    }

    private Settled settle(Transaction outcome, boolean committing, String why, boolean sent) {
        log.settle(runId, outcome);
        open = false;
        xid = null;
        if (outcome == Transaction.COMMITTED) {
            tally.committed++;
            return new Settled(outcome, "COMMIT", false, sent);
        }
        if (outcome == Transaction.ROLLED_BACK) {
            tally.rolledBack++;
            if (!committing && why == null) {
                return new Settled(outcome, "ROLLBACK", false, sent);
            }
            return new Settled(
                    outcome,
                    (why == null ? "the COMMIT failed" : why)
                            + ": the server rolled the transaction back; nothing was committed",
                    committing,
                    sent);
        }
        return new Settled(
                outcome,
                (why == null ? "" : why + ": ")
                        + "the server no longer knows whether the transaction committed; check the data before retrying",
                true,
                sent);
    }
}
