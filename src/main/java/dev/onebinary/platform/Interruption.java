package dev.onebinary.platform;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT as a request to stop, for processes that must end cleanly (finish the batch in hand, commit,
 * record it) instead of dying mid-way: the worker and the tasks poll {@link #requested()}. A second signal stops the
 * process at once. Closing it restores the previous handlers.
 */
public final class Interruption implements AutoCloseable {

    private final AtomicReference<String> signal = new AtomicReference<>();
    private final SignalHandler previousTerm;
    private final SignalHandler previousInt;

    private Interruption() {
        previousTerm = Signal.handle(new Signal("TERM"), this::onSignal);
        previousInt = Signal.handle(new Signal("INT"), this::onSignal);
    }

    public static Interruption install() {
        return new Interruption();
    }

    private void onSignal(Signal s) {
        if (!signal.compareAndSet(null, s.getName())) {
            Runtime.getRuntime().halt(exitCodeFor(s.getName()));
        }
    }

    /** True once SIGTERM or SIGINT arrived. */
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

    /** 143 after SIGTERM, 130 after SIGINT. */
    public int exitCode() {
        return exitCodeFor(signal.get());
    }

    public String signalName() {
        return signal.get() == null ? null : "SIG" + signal.get();
    }

    private static int exitCodeFor(String name) {
        return "INT".equals(name) ? ExitCode.SIGINT : ExitCode.SIGTERM;
    }

    @Override
    public void close() {
        Signal.handle(new Signal("TERM"), previousTerm);
        Signal.handle(new Signal("INT"), previousInt);
    }
}
