package dev.onebinary.domain.migration;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Puts every migration, SQL or Java, under a lock timeout and a statement timeout on the connection that runs it,
 * just before it runs, so no migration can forget them: the configured defaults, or the script's header values. In a
 * transaction the settings are local to it; a non-transactional migration gets them for the session, reset after.
 */
final class TimeoutCallback implements Callback {

    private final MigrateConfig config;
    private final RunningMigration running;
    private final Map<String, ScriptHeader> headers = new ConcurrentHashMap<>();

    TimeoutCallback(MigrateConfig config, RunningMigration running) {
        this.config = config;
        this.running = running;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE
                || event == Event.AFTER_EACH_MIGRATE
                || event == Event.AFTER_EACH_MIGRATE_ERROR;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            Connection c = context.getConnection();
            if (event == Event.BEFORE_EACH_MIGRATE) {
                before(c, context);
            } else {
                running.ended();
                // In an aborted transaction no statement may run; its local settings end with it anyway.
                if (c.getAutoCommit()) {
                    try (Statement s = c.createStatement()) {
                        s.execute("RESET lock_timeout; RESET statement_timeout");
                    }
                }
            }
        } catch (SQLException e) {
            throw new FlywayException("cannot set the migration timeouts: " + e.getMessage(), e);
        }
    }

    private void before(Connection c, Context context) throws SQLException {
        MigrationInfo info = context.getMigrationInfo();
        String script = info == null ? "a migration" : info.getScript();
        ScriptHeader header = info == null ? ScriptHeader.NONE : header(context, script);
        Duration lock = header.lockTimeout(config);
        Duration statement = header.statementTimeout(config);
        boolean local = !c.getAutoCommit();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT set_config('lock_timeout', ?, ?), set_config('statement_timeout', ?, ?), pg_backend_pid()")) {
            ps.setString(1, lock.toMillis() + "ms");
            ps.setBoolean(2, local);
            ps.setString(3, statement.toMillis() + "ms");
            ps.setBoolean(4, local);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                running.started(rs.getInt(3), script, lock);
            }
        }
    }

    private ScriptHeader header(Context context, String script) {
        return headers.computeIfAbsent(script, name -> {
            LoadableResource resource = context.getConfiguration().getResourceProvider() == null
                    ? null
                    : context.getConfiguration().getResourceProvider().getResource(name);
            if (resource == null) {
                return ScriptHeader.NONE;
            }
            try (Reader reader = resource.read()) {
                StringBuilder sql = new StringBuilder();
                char[] buffer = new char[8192];
                for (int n; (n = reader.read(buffer)) > 0; ) {
                    sql.append(buffer, 0, n);
                }
                return ScriptHeader.of(name, sql.toString());
            } catch (IOException e) {
                throw new FlywayException("cannot read " + name, e);
            }
        });
    }

    @Override
    public String getCallbackName() {
        return "app-migration-timeouts";
    }
}
