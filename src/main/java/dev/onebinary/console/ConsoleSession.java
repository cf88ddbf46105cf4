package dev.onebinary.console;

import dev.onebinary.domain.DatabaseException;
import dev.onebinary.platform.AppException;
import dev.onebinary.platform.ExitCode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The console's database session. Read-only mode runs each statement in its own transaction that is READ ONLY from
 * its first statement, so PostgreSQL refuses every write. Write mode keeps one explicit transaction open until
 * {@code \commit} or {@code \rollback} (rolled back on exit), with a savepoint around each statement so an error
 * leaves the transaction usable. Every transaction carries the statement timeout.
 */
public final class ConsoleSession implements AutoCloseable {

    /** The query language of a statement. */
    public enum Language {
        JPQL,
        SQL
    }

    private static final int TRANSACTION_TIMEOUT_SECONDS = 12 * 3600;

    private final EntityManager em;
    private final AgroalDataSource dataSource;
    private final boolean write;
    private final Duration statementTimeout;
    private final int maxRows;
    private final AtomicInteger backendPid = new AtomicInteger();
    private boolean open;

    ConsoleSession(
            EntityManager em, AgroalDataSource dataSource, boolean write, Duration statementTimeout, int maxRows) {
        this.em = em;
        this.dataSource = dataSource;
        this.write = write;
        this.statementTimeout = statementTimeout;
        this.maxRows = maxRows;
    }

    public boolean writable() {
        return write;
    }

    /** True while a write-mode transaction is open (the prompt shows it). */
    public boolean inTransaction() {
        return open;
    }

    /** Runs one statement; a failure throws {@link StatementFailed} with the parser's or the database's message. */
    public Result execute(String statement, Language language) {
        begin();
        boolean savepoint = write;
        try {
            if (savepoint) {
                jdbc("SAVEPOINT console_statement");
            }
            long start = System.nanoTime();
            Result result = language == Language.SQL ? sql(statement, start) : jpql(statement, start);
            if (savepoint) {
                jdbc("RELEASE SAVEPOINT console_statement");
            }
            return result;
        } catch (RuntimeException e) {
            if (savepoint && open) {
                try {
                    em.clear();
                    jdbc("ROLLBACK TO SAVEPOINT console_statement");
                } catch (RuntimeException lost) {
                    rollback();
                }
            }
            throw new StatementFailed(Messages.oneLine(e), e);
        } finally {
            if (!write) {
                rollback();
            }
        }
    }

    public void commit() {
        if (open) {
            open = false;
            QuarkusTransaction.commit();
        }
    }

    public void rollback() {
        if (open) {
            open = false;
            try {
                QuarkusTransaction.rollback();
            } catch (RuntimeException e) {
                // the connection is gone: PostgreSQL has rolled back already
            }
        }
    }

    /** Cancels the statement running in this session (Ctrl-C), from another connection. */
    public void cancelRunning() {
        int pid = backendPid.get();
        if (pid == 0) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pg_cancel_backend(?)")) {
            ps.setInt(1, pid);
            ps.execute();
        } catch (SQLException e) {
            // nothing more to do: the statement ends by itself or by its timeout
        }
    }

    @Override
    public void close() {
        rollback();
    }

    private void begin() {
        if (open) {
            return;
        }
        QuarkusTransaction.begin(QuarkusTransaction.beginOptions().timeout(TRANSACTION_TIMEOUT_SECONDS));
        open = true;
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            if (!write) {
                s.execute("SET TRANSACTION READ ONLY");
            }
            s.execute("SET LOCAL statement_timeout = " + statementTimeout.toMillis());
            try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                backendPid.set(rs.getInt(1));
            }
        } catch (SQLException e) {
            rollback();
            if (dev.onebinary.platform.DatabaseFailures.isUnavailable(e)) {
                throw new AppException(ExitCode.UNAVAILABLE, dev.onebinary.platform.DatabaseFailures.describe(e), e);
            }
            throw new DatabaseException(e);
        }
    }

    private void jdbc(String sql) {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private Result sql(String statement, long start) {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.setMaxRows(maxRows + 1);
            if (!s.execute(statement)) {
                return Result.changed(s.getUpdateCount(), millis(start));
            }
            try (ResultSet rs = s.getResultSet()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnLabel(i));
                }
                List<List<Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
                return capped(columns, rows, start);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private Result jpql(String statement, long start) {
        String first = statement.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        if (first.equals("update") || first.equals("delete") || first.equals("insert")) {
            return Result.changed(em.createQuery(statement).executeUpdate(), millis(start));
        }
        List<?> found = em.createQuery(statement).setMaxResults(maxRows + 1).getResultList();
        List<String> columns = Jpql.selectedColumns(statement);
        List<List<Object>> rows = new ArrayList<>();
        for (Object item : found) {
            rows.add(row(item, columns));
        }
        if (!found.isEmpty() && isEntity(found.getFirst())) {
            columns = attributeNames(found.getFirst().getClass());
        }
        return capped(columns, rows, start);
    }

    private List<Object> row(Object item, List<String> columns) {
        if (item instanceof Object[] values) {
            return List.of(values).stream()
                    .map(v -> isEntity(v) ? entityLabel(v) : v)
                    .toList();
        }
        if (isEntity(item)) {
            List<Object> values = new ArrayList<>();
            for (Attribute<?, ?> a : attributes(item.getClass())) {
                values.add(read(a.getJavaMember(), item));
            }
            return values;
        }
        List<Object> single = new ArrayList<>();
        single.add(item);
        return single;
    }

    private Result capped(List<String> columns, List<List<Object>> rows, long start) {
        boolean truncated = rows.size() > maxRows;
        return Result.rows(columns, truncated ? rows.subList(0, maxRows) : rows, truncated, millis(start));
    }

    private boolean isEntity(Object o) {
        return o != null && entityType(o.getClass()) != null;
    }

    private EntityType<?> entityType(Class<?> type) {
        for (EntityType<?> e : em.getMetamodel().getEntities()) {
            if (e.getJavaType().isAssignableFrom(type)) {
                return e;
            }
        }
        return null;
    }

    private List<Attribute<?, ?>> attributes(Class<?> type) {
        List<Attribute<?, ?>> attributes = new ArrayList<>(entityType(type).getAttributes());
        attributes.sort((a, b) -> a.getName().equals("id") ? -1 : b.getName().equals("id") ? 1 : 0);
        return attributes;
    }

    private List<String> attributeNames(Class<?> type) {
        return attributes(type).stream().map(Attribute::getName).toList();
    }

    private String entityLabel(Object entity) {
        EntityType<?> type = entityType(entity.getClass());
        Object id = em.getEntityManagerFactory().getPersistenceUnitUtil().getIdentifier(entity);
        return type.getName() + "#" + id;
    }

    private static Object read(Member member, Object target) {
        try {
            if (member instanceof Field f) {
                f.setAccessible(true);
                return f.get(target);
            }
            if (member instanceof java.lang.reflect.Method m) {
                m.setAccessible(true);
                return m.invoke(target);
            }
            return null;
        } catch (ReflectiveOperationException e) {
            return "?";
        }
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** A statement the parser or the database refused; the message is one line. */
    public static final class StatementFailed extends RuntimeException {
        StatementFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
