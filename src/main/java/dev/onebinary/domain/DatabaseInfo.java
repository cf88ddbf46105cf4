package dev.onebinary.domain;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What the configured database says about itself. */
@ApplicationScoped
public class DatabaseInfo {

    /** The server's version string, the user we are logged in as, and how long connecting and asking took. */
    public record Server(String version, String database, String user, long millis) {}

    private final AgroalDataSource dataSource;

    DatabaseInfo(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Server server() {
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT current_setting('server_version'), current_database(), current_user")) {
            rs.next();
            return new Server(
                    "PostgreSQL " + rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
