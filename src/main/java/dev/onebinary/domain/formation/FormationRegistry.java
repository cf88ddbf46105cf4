package dev.onebinary.domain.formation;

import dev.onebinary.platform.DatabaseFailures;
import dev.onebinary.platform.ProcessMode;
import dev.onebinary.platform.Release;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This process' row in the formation, for the web and worker processes only (admin processes never join). Joining
 * returns at once: the row is written on a thread of its own, first straight away and then every
 * {@code app.formation.heartbeat} (one UPDATE of {@code last_seen_at}; the table does not grow), so a slow or
 * unreachable database never delays start-up or readiness, and a process that started while the database was down
 * registers when it comes back. On shutdown the row is marked stopped; rows stopped or gone for
 * {@code app.formation.prune-after} are deleted now and then.
 */
@ApplicationScoped
public class FormationRegistry {

    private static final String UNDEFINED_TABLE = "42P01";
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final long STOP_WAIT_MS = 3000;

    private final AgroalDataSource dataSource;
    private final FormationConfig config;
    private final String id = UUID.randomUUID().toString();
    private final Instant startedAt = Instant.now();

    private ScheduledExecutorService beats;
    private volatile String processType;
    // Written by the heartbeat thread only (and reset by join before it starts).
    private volatile boolean registered;
    private volatile String failure;
    private volatile long lastPruneNanos;

    FormationRegistry(AgroalDataSource dataSource, FormationConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /** Registers this process as {@code type} (web or worker) and keeps its row fresh until shutdown. */
    public synchronized void join(ProcessMode.Type type) {
        if (type == ProcessMode.Type.ADMIN) {
            throw new IllegalArgumentException("admin processes are not part of the formation");
        }
        if (beats != null) {
            return;
        }
        processType = type == ProcessMode.Type.WEB ? "web" : "worker";
        lastPruneNanos = 0;
        beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "formation-heartbeat");
            t.setDaemon(true);
            return t;
        });
        beats.scheduleWithFixedDelay(this::beat, 0, config.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Why the last heartbeat could not write this process' row; empty once one could. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** This process' id in the formation (a uuid per process). */
    public String id() {
        return id;
    }

    /** Marks the row stopped when the process shuts down (SIGTERM, the worker's --once drained, Ctrl-C). */
    void onShutdown(@Observes ShutdownEvent event) {
        leave();
    }

    /** Stops the heartbeat and marks the row stopped; waits a few seconds at most for an unreachable database. */
    public void leave() {
        ScheduledExecutorService executor;
        synchronized (this) {
            executor = beats;
            beats = null;
        }
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
            Thread stopping =
                    Thread.ofPlatform().daemon().name("formation-stop").start(this::markStopped);
            stopping.join(STOP_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One heartbeat: refresh the row (write it whole when it is missing), and prune now and then. */
    void beat() {
        try (Connection c = dataSource.getConnection()) {
            if (!registered || refresh(c) == 0) {
                upsert(c);
                if (!registered) {
                    Log.infof(
                            "formation: registered %s %s of release %s (heartbeat %s)",
                            processType, id, Release.current().id(), config.heartbeat());
                }
                registered = true;
            }
            if (failure != null) {
                Log.infof("formation: recording this %s process again", processType);
                failure = null;
            }
            if (lastPruneNanos == 0 || System.nanoTime() - lastPruneNanos > PRUNE_EVERY.toNanos()) {
                prune(c);
                lastPruneNanos = System.nanoTime();
            }
        } catch (SQLException | RuntimeException e) {
            boolean first = failure == null;
            failure = e instanceof SQLException sql && UNDEFINED_TABLE.equals(sql.getSQLState())
                    ? "the database has no formation table yet (run app migrate)"
                    : DatabaseFailures.describe(e);
            if (first) {
                Log.warnf(
                        "formation: cannot record this %s process: %s; trying again every %s",
                        processType, failure, config.heartbeat());
            }
        }
    }

    private int refresh(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE formation SET last_seen_at = clock_timestamp() WHERE id = ? AND stopped_at IS NULL")) {
            ps.setString(1, id);
            return ps.executeUpdate();
        }
    }

    private void upsert(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO formation (id, process_type, release, host, pid, started_at, last_seen_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, clock_timestamp())"
                        + " ON CONFLICT (id) DO UPDATE SET last_seen_at = clock_timestamp(), stopped_at = NULL")) {
            ps.setString(1, id);
            ps.setString(2, processType);
            ps.setString(3, Release.current().id());
            ps.setString(4, host());
            ps.setLong(5, ProcessHandle.current().pid());
            ps.setObject(6, startedAt.atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    private void prune(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM formation"
                + " WHERE coalesce(stopped_at, last_seen_at) < clock_timestamp() - make_interval(secs => ?)")) {
            ps.setDouble(1, config.pruneAfter().toMillis() / 1000.0);
            int pruned = ps.executeUpdate();
            if (pruned > 0) {
                Log.debugf("formation: pruned %d rows of processes gone for over %s", pruned, config.pruneAfter());
            }
        }
    }

    private void markStopped() {
        if (!registered) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE formation SET stopped_at = clock_timestamp(), last_seen_at = clock_timestamp()"
                                + " WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            Log.warnf(
                    "formation: could not mark this %s process stopped: %s", processType, DatabaseFailures.describe(e));
        }
    }

    /** The pod name on Kubernetes (POD_NAME from the downward API, else HOSTNAME), else the machine's name. */
    static String host() {
        for (String variable : List.of("POD_NAME", "HOSTNAME")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
