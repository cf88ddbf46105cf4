package dev.onebinary.domain.formation;

import dev.onebinary.domain.DatabaseException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the formation: the web and worker processes that registered in table {@code formation}, each as running,
 * gone (not seen for {@code app.formation.gone-after}) or stopped, judged by the database's clock so the hosts' clocks
 * do not matter. One query.
 */
@ApplicationScoped
public class Formation {

    /** What became of a registered process. */
    public enum State {
        running,
        gone,
        stopped
    }

    /** One registered process. */
    @RegisterForReflection
    public record Member(
            String id,
            String processType,
            String release,
            String host,
            Integer pid,
            OffsetDateTime startedAt,
            OffsetDateTime lastSeenAt,
            OffsetDateTime stoppedAt,
            State state,
            long secondsSinceSeen) {}

    /** The processes of one type on one release: {@code web x2 on release A}, and how many of them are gone. */
    @RegisterForReflection
    public record Group(String processType, String release, int running, int gone) {}

    private static final String UNDEFINED_TABLE = "42P01";

    private final AgroalDataSource dataSource;
    private final FormationConfig config;

    Formation(AgroalDataSource dataSource, FormationConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /** Every registered process, oldest first; empty when the database has no formation table (before V4). */
    public Optional<List<Member>> members() {
        String sql = "SELECT id, process_type, release, host, pid, started_at, last_seen_at, stopped_at,"
                + " CASE WHEN stopped_at IS NOT NULL THEN 'stopped'"
                + " WHEN last_seen_at < clock_timestamp() - make_interval(secs => ?) THEN 'gone'"
                + " ELSE 'running' END,"
                + " greatest(0, extract(epoch FROM clock_timestamp() - last_seen_at))::bigint"
                + " FROM formation ORDER BY process_type, release, started_at, id";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setDouble(1, config.goneAfter().toMillis() / 1000.0);
            List<Member> members = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    members.add(new Member(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            (Integer) rs.getObject(5),
                            rs.getObject(6, OffsetDateTime.class),
                            rs.getObject(7, OffsetDateTime.class),
                            rs.getObject(8, OffsetDateTime.class),
                            State.valueOf(rs.getString(9)),
                            rs.getLong(10)));
                }
            }
            return Optional.of(members);
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw new DatabaseException(e);
        }
    }

    /** The seconds after which a process not seen counts as gone, as this process is configured. */
    public long goneAfterSeconds() {
        return config.goneAfter().toSeconds();
    }

    /** Running and gone processes by type and release (web before worker); stopped processes left cleanly and are not counted. */
    public static List<Group> groups(List<Member> members) {
        Map<String, int[]> counts = new TreeMap<>();
        for (Member m : members) {
            if (m.state() == State.stopped) {
                continue;
            }
            int[] c = counts.computeIfAbsent(m.processType() + "\u0000" + m.release(), k -> new int[2]);
            c[m.state() == State.running ? 0 : 1]++;
        }
        List<Group> groups = new ArrayList<>();
        counts.forEach((key, c) -> {
            String[] parts = key.split("\u0000", -1);
            groups.add(new Group(parts[0], parts[1], c[0], c[1]));
        });
        return groups;
    }
}
