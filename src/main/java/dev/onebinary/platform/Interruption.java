package dev.onebinary.platform;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM, SIGINT and SIGHUP (the terminal was closed) as a request to stop, for processes that must end cleanly
 * (finish the batch in hand, commit or roll back, record it) instead of dying mid-way: the worker, the tasks and the
 * console poll {@link #requested()}. A second stop request ends the process at once. Closing it restores the previous
 * handlers.
 */
public final class Interruption implements AutoCloseable {

    /**
     * Told of every signal on the signal's own thread, before it counts: true makes it a request to stop, false lets
     * the listener handle it alone (the console's Ctrl-C cancels the running statement and keeps the session).
     */
    @FunctionalInterface
    public interface Listener {
        boolean stops(String signal);
    }

    private static final List<String> SIGNALS = List.of("TERM", "INT", "HUP");

    private final AtomicReference<String> signal = new AtomicReference<>();
    private volatile boolean hungUp;
    private final Map<String, SignalHandler> previous = new LinkedHashMap<>();
    private final Listener listener;

    private Interruption(Listener listener, List<String> signals) {
        this.listener = listener;
        for (String name : signals) {
            try {
                previous.put(name, Signal.handle(new Signal(name), this::onSignal));
            } catch (IllegalArgumentException e) {
                // This platform has no such signal, or the JVM keeps it for itself (-Xrs): it stays as it was.
            }
        }
    }

    /** Every signal is a request to stop. */
    public static Interruption install() {
        return new Interruption(name -> true, SIGNALS);
    }

    /** The listener decides which signals are a request to stop. */
    public static Interruption install(Listener listener) {
        return new Interruption(listener, SIGNALS);
    }

    /**
     * Only SIGTERM and SIGHUP, for a process whose SIGINT belongs to someone else (the console's terminal library,
     * which turns Ctrl-C into its own event).
     */
    public static Interruption installWithoutInt(Listener listener) {
        return new Interruption(listener, List.of("TERM", "HUP"));
    }

    private void onSignal(Signal s) {
        if (hungUp && s.getName().equals("HUP")) {
            // The hang-up was already seen on the terminal itself: this is its signal, not a second request.
            return;
        }
        if (!listener.stops(s.getName())) {
            return;
        }
        if (!signal.compareAndSet(null, s.getName())) {
            Runtime.getRuntime().halt(exitCodeFor(s.getName()));
        }
    }

    /**
     * The terminal was closed, seen by its reader before the SIGHUP that comes with it was handled (on a loaded machine
     * the signal's thread can run late): a request to stop as that SIGHUP is, which itself then counts for nothing.
     */
    public void hangUp() {
        hungUp = true;
        signal.compareAndSet(null, "HUP");
    }

    /** True once a signal asked to stop. */
    public boolean requested() {
        return signal.get() != null;
    }

    /** Sleeps for {@code pause}, or less when a stop is requested meanwhile. */
    public void pause(Duration pause) {
        long until = System.nanoTime() + pause.toNanos();
        while (!requested() && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** 143 after SIGTERM, 130 after SIGINT, 129 after SIGHUP. */
    public int exitCode() {
        return exitCodeFor(signal.get());
    }

    public String signalName() {
        return signal.get() == null ? null : "SIG" + signal.get();
    }

    private static int exitCodeFor(String name) {
        return switch (name == null ? "TERM" : name) {
            case "INT" -> ExitCode.SIGINT;
            case "HUP" -> ExitCode.SIGHUP;
            default -> ExitCode.SIGTERM;
        };
    }

    @Override
    public void close() {
        previous.forEach((name, handler) -> Signal.handle(new Signal(name), handler));
    }
}
