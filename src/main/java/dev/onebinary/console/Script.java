package dev.onebinary.console;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Interruption;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The console without a terminal: statements from {@code -c} or piped on stdin, one per line, no prompt. It stops at
 * the first refused or failed statement (exit 1, one line on stderr); SIGTERM, SIGHUP and SIGINT cancel the running
 * statement and end the session (143, 129, 130).
 */
final class Script {

    private static final Optional<String> END = Optional.empty();

    private final LineHandler lines;
    private final ConsoleSession session;

    Script(LineHandler lines, ConsoleSession session) {
        this.lines = lines;
        this.session = session;
    }

    int commands(List<String> commands, PrintWriter out, PrintWriter err) {
        BlockingQueue<Optional<String>> queue = new LinkedBlockingQueue<>();
        commands.forEach(c -> queue.add(Optional.of(c)));
        queue.add(END);
        return run(queue, out, err);
    }

    /** Lines are read on a thread of their own, so a signal ends the session even while stdin stays open. */
    int piped(InputStream in, PrintWriter out, PrintWriter err) {
        BlockingQueue<Optional<String>> queue = new LinkedBlockingQueue<>(64);
        Thread readerThread = Thread.ofPlatform().daemon().name("console-stdin").start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    queue.put(Optional.of(line));
                }
                queue.put(END);
            } catch (IOException e) {
                queue.offer(END);
            } catch (InterruptedException e) {
                // the session ended first
            }
        });
        try {
            return run(queue, out, err);
        } finally {
            readerThread.interrupt();
        }
    }

    private int run(BlockingQueue<Optional<String>> queue, PrintWriter out, PrintWriter err) {
        try (Interruption stop = Interruption.install(signal -> {
            session.cancel();
            return true;
        })) {
            while (!stop.requested()) {
                Optional<String> line = queue.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) {
                    continue;
                }
                if (line.isEmpty()) {
                    break;
                }
                try {
                    if (!lines.handle(line.get(), out)) {
                        break;
                    }
                } catch (ConsoleSession.StatementFailed e) {
                    if (stop.requested()) {
                        break;
                    }
                    err.println("app console: " + e.getMessage());
                    err.flush();
                    return ExitCode.FAILED;
                }
            }
            return stop.requested() ? stop.exitCode() : ExitCode.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.FAILED;
        }
    }
}
