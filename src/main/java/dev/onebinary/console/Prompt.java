package dev.onebinary.console;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Interruption;
import java.io.IOError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The console at a terminal: line editing, a history without secrets, the banner. Ctrl-C while a statement runs
 * cancels it; at the prompt it clears a typed line, and on an empty line (as a SIGINT sent to the process there) it
 * ends the session. SIGTERM and SIGHUP (the terminal was closed) end the session wherever it is. Ending rolls back an
 * open transaction and the run ends interrupted.
 */
final class Prompt {

    private final ConsoleSession session;
    private final LineHandler lines;
    private final String banner;
    private final String where;
    private final Path history;

    /** {@code history} null: no history file. */
    Prompt(ConsoleSession session, LineHandler lines, String banner, String where, Path history) {
        this.session = session;
        this.lines = lines;
        this.banner = banner;
        this.where = where;
        this.history = history;
    }

    int run() throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        try {
            return run(terminal);
        } finally {
            try {
                terminal.close();
            } catch (IOException | IOError | RuntimeException e) {
                // the terminal was closed under us (SIGHUP): nothing left to restore
            }
        }
    }

    private int run(Terminal terminal) {
        Thread reading = Thread.currentThread();
        AtomicBoolean atPrompt = new AtomicBoolean();
        AtomicBoolean interruptedAtPrompt = new AtomicBoolean();
        // Ctrl-C belongs to the terminal library: inside readLine it ends readLine (UserInterruptException); anywhere
        // else it arrives here and cancels the line on its way to, or in, the server. With no such line (its output
        // being printed, the next prompt not drawn yet) it is a SIGINT at the prompt, whenever it lands: it ends the
        // session at the next prompt, never lost. SIGTERM and SIGHUP stop the session wherever it is.
        terminal.handle(Terminal.Signal.INT, signal -> {
            if (!session.cancel()) {
                interruptedAtPrompt.set(true);
                if (atPrompt.get()) {
                    reading.interrupt();
                }
            }
        });
        // SIGTERM, SIGHUP or a terminal gone: cancel what runs, and get the reader out of readLine.
        Runnable stopReading = () -> {
            session.cancel();
            if (atPrompt.get()) {
                reading.interrupt();
            }
        };
        try (Interruption stop = Interruption.installWithoutInt(signal -> {
            stopReading.run();
            return true;
        })) {
            Thread watch = watchTerminal(() -> {
                stop.hangUp();
                stopReading.run();
            });
            try {
                return readLines(terminal, stop, atPrompt, interruptedAtPrompt);
            } finally {
                if (watch != null) {
                    watch.interrupt();
                }
            }
        }
    }

    /** Prompts, reads and runs lines until the session ends; its exit code. */
    private int readLines(
            Terminal terminal, Interruption stop, AtomicBoolean atPrompt, AtomicBoolean interruptedAtPrompt) {
        LineReader reader = reader(terminal);
        PrintWriter out = terminal.writer();
        out.println(banner);
        out.flush();
        while (!stop.requested()) {
            if (interruptedAtPrompt.getAndSet(false)) {
                return ExitCode.SIGINT;
            }
            String line;
            atPrompt.set(true);
            try {
                line = reader.readLine(prompt());
            } catch (UserInterruptException e) {
                if (stop.requested()) {
                    break;
                }
                if (interruptedAtPrompt.getAndSet(false)
                        || e.getPartialLine() == null
                        || e.getPartialLine().isBlank()) {
                    // SIGINT at the prompt (Ctrl-C on an empty line, or kill -INT): the session ends.
                    return ExitCode.SIGINT;
                }
                continue;
            } catch (EndOfFileException e) {
                // Ctrl-D, or a closed terminal, which reads as end of input too: a closed one can no longer be
                // written to, and that is a hang-up whether or not its SIGHUP has been handled yet.
                out.println();
                out.flush();
                if (out.checkError()) {
                    stop.hangUp();
                }
                break;
            } catch (IOError e) {
                // The terminal cannot be read any more: it was closed under us (the hang-up's SIGHUP may still be
                // on its way on a busy machine).
                stop.hangUp();
                break;
            } finally {
                atPrompt.set(false);
                Thread.interrupted();
            }
            if (stop.requested()) {
                break;
            }
            session.lineStarted();
            try {
                if (!lines.handle(line, out)) {
                    break;
                }
            } catch (ConsoleSession.StatementFailed e) {
                out.println("ERROR: " + e.getMessage().replaceFirst("^ERROR: ", ""));
            } finally {
                session.lineDone();
            }
            out.flush();
        }
        return stop.requested() ? stop.exitCode() : ExitCode.OK;
    }

    /**
     * Watches, on Linux, the terminal device this process reads, and calls {@code gone} once it is gone. A closed
     * terminal is seen by its reader (end of input, or an error) and by its SIGHUP; but with SIGHUP ignored (nohup),
     * JLine 3.30's pty reader takes the end of input a hung-up pty returns for its own 100 ms poll timing out and
     * reads again, forever, at full CPU (jline3 issues 1961 and 2077, fixed in JLine 4), holding the session's
     * transaction open. The device's link turns "(deleted)" when the terminal's other end is closed.
     */
    private static Thread watchTerminal(Runnable gone) {
        Path fd = Path.of("/proc/self/fd/0");
        String device;
        try {
            device = Files.readSymbolicLink(fd).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null; // not Linux, or no such link: the reader and SIGHUP are all there is
        }
        if (!device.startsWith("/dev/")) {
            return null;
        }
        return Thread.ofPlatform().daemon().name("terminal-watch").start(() -> {
            try {
                while (true) {
                    Thread.sleep(250);
                    String now;
                    try {
                        now = Files.readSymbolicLink(fd).toString();
                    } catch (IOException e) {
                        now = "";
                    }
                    if (!now.equals(device)) {
                        gone.run();
                        return;
                    }
                }
            } catch (InterruptedException e) {
                // the session ended
            }
        });
    }

    private LineReader reader(Terminal terminal) {
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("app console")
                // Lines are statements and \commands, taken as typed: no shell-style escapes or ! history.
                .parser(new DefaultParser().escapeChars(new char[0]))
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .history(new SecretFreeHistory());
        if (history != null && SecretFreeHistory.prepare(history)) {
            builder.variable(LineReader.HISTORY_FILE, history);
        }
        return builder.build();
    }

    private String prompt() {
        return where + " (" + (session.writable() ? "WRITE" : "read-only") + (session.inTransaction() ? "*" : "") + ") "
                + lines.language().name().toLowerCase(Locale.ROOT) + "> ";
    }
}
