package dev.onebinary.web;

import dev.onebinary.domain.records.RecordStatus;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code app_records{status="pending|processed|invalid"}} on the web process' {@code /q/metrics}: how many records are
 * in each status, exactly. One grouped query (an index-only scan of {@code records_status_id}) at most once per
 * {@code app.metrics.records-refresh}, however many scrapers ask; scrapes in between read the last answer. Not the
 * planner's estimates (pg_class, pg_stats): those move only when ANALYZE runs, and a pending backlog that grows is what
 * this gauge is for. While the database does not answer, the gauges read NaN and the scrape still succeeds.
 */
@ApplicationScoped
public class RecordStatusMetrics {

    private static final String COUNT = "SELECT status, count(*) FROM records GROUP BY status";

    private final AgroalDataSource dataSource;
    private final Duration refresh;
    private final String process;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Counts last = Counts.NONE;

    RecordStatusMetrics(
            AgroalDataSource dataSource,
            @ConfigProperty(name = "app.metrics.records-refresh") Duration refresh,
            @ConfigProperty(name = "app.process", defaultValue = "web") String process) {
        this.dataSource = dataSource;
        this.refresh = refresh;
        this.process = process;
    }

    /**
     * Registers the gauges in the web process only ({@code app.process}, set before boot; absent in in-JVM tests): a
     * worker scrape would count the same rows again.
     */
    void register(@Observes StartupEvent start, MeterRegistry registry) {
        if (!process.equals("web")) {
            return;
        }
        for (RecordStatus status : RecordStatus.values()) {
            Gauge.builder("app.records", this, metrics -> metrics.count(status))
                    .description("Records in each status, counted at most once per app.metrics.records-refresh")
                    .tag("status", status.value())
                    .register(registry);
        }
    }

    double count(RecordStatus status) {
        Counts counts = last;
        if (counts.olderThan(refresh) && refreshing.tryLock()) {
            try {
                if (last.olderThan(refresh)) {
                    last = query();
                }
            } finally {
                refreshing.unlock();
            }
            counts = last;
        }
        return counts.of(status);
    }

    private Counts query() {
        Map<RecordStatus, Long> counts = new EnumMap<>(RecordStatus.class);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL statement_timeout = '2s'");
                try (ResultSet rs = s.executeQuery(COUNT)) {
                    while (rs.next()) {
                        RecordStatus.parse(rs.getString(1)).ifPresent(status -> put(counts, status, rs));
                    }
                }
            } finally {
                c.rollback();
            }
            return new Counts(counts, System.nanoTime());
        } catch (SQLException | IllegalStateException e) {
            Log.debugf("records by status not counted: %s", e.getMessage());
            return new Counts(null, System.nanoTime());
        }
    }

    private static void put(Map<RecordStatus, Long> counts, RecordStatus status, ResultSet rs) {
        try {
            counts.put(status, rs.getLong(2));
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** One answer of the database, or {@code null} counts when it gave none; with the time it was asked. */
    private record Counts(Map<RecordStatus, Long> counts, long askedAtNanos) {
        static final Counts NONE =
                new Counts(null, System.nanoTime() - Duration.ofDays(1).toNanos());

        boolean olderThan(Duration age) {
            return System.nanoTime() - askedAtNanos >= age.toNanos();
        }

        double of(RecordStatus status) {
            return counts == null ? Double.NaN : counts.getOrDefault(status, 0L);
        }
    }
}
