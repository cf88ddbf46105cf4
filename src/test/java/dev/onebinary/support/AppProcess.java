package dev.onebinary.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged application as a real process, as a user or Kubernetes would: the native executable when the
 * build made one (-Dnative), otherwise the jar. Output goes to files so a chatty process never blocks on a pipe.
 */
public final class AppProcess {

    private final List<String> args;
    private final Map<String, String> env = new HashMap<>();
    private String stdin;
    private List<String> build;
    private boolean ignoreHangUp;

    private AppProcess(List<String> args) {
        this.args = args;
        env.put("DATABASE_URL", TestDatabase.databaseUrl(TestDatabase.NAME));
    }

    public static AppProcess app(String... args) {
        return new AppProcess(List.of(args));
    }

    /** The command that starts the packaged application. */
    public static List<String> launcher() {
        String nativePath = System.getProperty("native.image.path");
        if (nativePath != null && Files.isExecutable(Path.of(nativePath)) && builtNative()) {
            return List.of(Path.of(nativePath).toAbsolutePath().toString());
        }
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no packaged application: run ./mvnw verify (it packages before the ITs)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(FastStart.options(java, jar));
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        return command;
    }

    /**
     * JVM options that halve the CPU a test spends starting the jar, which is most of what the integration tests
     * cost on a small machine (measured with the ledger's {@code runs}: C1 only, CPU x0.63; with a class-data archive
     * of this build as well, x0.48). The suite starts hundreds of short-lived processes; none runs long enough for C2
     * to pay off. The archive is made once per build by one training process and only ever read afterwards (another
     * build's jar just starts without it); -Xlog:disable keeps the JVM's own warnings out of the output tests read.
     * {@code -Dit.fast-start=false} starts the jar exactly as the README does.
     */
    static final class FastStart {
        /** What every start gets; the class-data archive is added once it exists. */
        private static final List<String> BASE = List.of("-XX:TieredStopAtLevel=1", "-Xlog:disable");

        private static List<String> options;

        static synchronized List<String> options(String java, Path jar) {
            if (!Boolean.parseBoolean(System.getProperty("it.fast-start", "true"))) {
                return List.of();
            }
            if (options == null) {
                List<String> o = new ArrayList<>(BASE);
                archive(java, jar).ifPresent(a -> o.add("-XX:SharedArchiveFile=" + a));
                options = List.copyOf(o);
            }
            return options;
        }

        private static Optional<Path> archive(String java, Path jar) {
            try {
                Path dir = Path.of("target/it-class-data");
                Path archive = dir.resolve(
                        "app-" + Files.getLastModifiedTime(jar).toMillis() + "-" + Files.size(jar) + ".jsa");
                if (Files.exists(archive)) {
                    return Optional.of(archive.toAbsolutePath());
                }
                Files.createDirectories(dir);
                Path training = dir.resolve(
                        archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
                // A command that boots the whole runtime and connects; whatever it answers, its classes are loaded.
                List<String> command = new ArrayList<>(List.of(java));
                command.addAll(BASE);
                command.addAll(List.of(
                        "-XX:ArchiveClassesAtExit=" + training.toAbsolutePath(),
                        "-jar",
                        jar.toAbsolutePath().toString(),
                        "runs",
                        "--limit",
                        "1"));
                ProcessBuilder pb = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                pb.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_"));
                pb.environment().put("DATABASE_URL", TestDatabase.databaseUrl(TestDatabase.NAME));
                Process p = pb.start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
                if (Files.exists(training) && Files.size(training) > 0) {
                    Files.move(training, archive, StandardCopyOption.ATOMIC_MOVE);
                    return Optional.of(archive.toAbsolutePath());
                }
                Files.deleteIfExists(training);
            } catch (IOException | RuntimeException e) {
                // No archive: the jar starts without one.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }
    }

    /**
     * The application starts with the default disposition of the signals the tests send, whatever the test JVM
     * inherited: a suite started in the background by a non-interactive shell ({@code nohup .ci/run &}) has SIGINT and
     * SIGQUIT ignored, every child inherits that, and a JVM leaves an ignored SIGINT ignored, so the console's Ctrl-C
     * tests could not pass there. GNU env resets them; where it cannot (not GNU coreutils 8.31+), nothing is prefixed.
     */
    static final class DefaultSignals {
        private static final List<String> ALL = List.of("env", "--default-signal=HUP,INT,QUIT");
        private static final List<String> KEEP_HUP = List.of("env", "--default-signal=INT,QUIT");
        private static Boolean available;

        static synchronized List<String> prefix(boolean keepHangUpIgnored) {
            if (available == null) {
                try {
                    Process p = new ProcessBuilder("env", "--default-signal=INT", "true")
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
                    available = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
                } catch (IOException e) {
                    available = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    available = false;
                }
            }
            return !available ? List.of() : keepHangUpIgnored ? KEEP_HUP : ALL;
        }
    }

    /** What the last build packaged, as Quarkus records it for its own integration tests. */
    private static boolean builtNative() {
        try {
            return Files.readString(Path.of("target/quarkus-artifact.properties"))
                    .contains("type=native");
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs another build of the application, from its {@code quarkus-run.jar}, instead of this build's. */
    public AppProcess jar(Path quarkusRunJar) {
        if (!Files.exists(quarkusRunJar)) {
            throw new IllegalStateException(
                    "no " + quarkusRunJar + ": run ./mvnw verify (it builds it before the ITs)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        build = List.of(java, "-jar", quarkusRunJar.toAbsolutePath().toString());
        return this;
    }

    public AppProcess env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    /**
     * Starts it with SIGHUP ignored, as {@code nohup} would (for {@link #startInTerminal}): a closed terminal then
     * reaches the process only through the terminal itself.
     */
    public AppProcess ignoringHangUpSignal() {
        this.ignoreHangUp = true;
        return this;
    }

    /** Text piped to the process' standard input (closed after it); by default stdin is empty. */
    public AppProcess stdin(String text) {
        this.stdin = text;
        return this;
    }

    public AppProcess database(String database) {
        return env("DATABASE_URL", TestDatabase.databaseUrl(database));
    }

    public Running start() {
        try {
            Path out = Files.createTempFile("app-out", ".log");
            Path err = Files.createTempFile("app-err", ".log");
            List<String> command = new ArrayList<>(DefaultSignals.prefix(false));
            command.addAll(build != null ? build : launcher());
            command.addAll(args);
            return start(command, out, err);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts the application under a pseudo-terminal (util-linux {@code script}), as a person at a terminal would;
     * write to its stdin with {@link Running#type(String)}.
     */
    public Running startInTerminal() {
        try {
            Path out = Files.createTempFile("app-tty", ".log");
            Path err = Files.createTempFile("app-tty-err", ".log");
            List<String> inner = new ArrayList<>(DefaultSignals.prefix(ignoreHangUp));
            inner.addAll(build != null ? build : launcher());
            inner.addAll(args);
            String commandLine = String.join(
                    " ",
                    inner.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
            stdin = null;
            return start(
                    List.of(
                            "script",
                            "-qfec",
                            "stty rows 50 cols 200; " + (ignoreHangUp ? "trap '' HUP; " : "") + "exec " + commandLine,
                            "/dev/null"),
                    out,
                    err,
                    true);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Running start(List<String> command, Path out, Path err) throws IOException {
        return start(command, out, err, false);
    }

    private Running start(List<String> command, Path out, Path err, boolean interactive) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(
                        stdin == null && !interactive
                                ? ProcessBuilder.Redirect.from(
                                        Path.of("/dev/null").toFile())
                                : ProcessBuilder.Redirect.PIPE);
        pb.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.equals("DATABASE_URL"));
        pb.environment().putAll(env);
        if (interactive) {
            pb.environment().put("TERM", "xterm");
        }
        Process process = pb.start();
        if (stdin != null) {
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        return new Running(process, out, err, System.nanoTime());
    }

    /** Runs to completion (or fails the test after the timeout). */
    public Result run(Duration timeout) {
        return start().await(timeout);
    }

    public Result run() {
        return run(Duration.ofSeconds(60));
    }

    /** A started process. */
    public record Running(Process process, Path out, Path err, long startedNanos) {

        public Result await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError("process did not end within " + timeout + "; stderr:\n" + read(err));
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
                return new Result(process.exitValue(), read(out), read(err), elapsed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        public String stdout() {
            return read(out);
        }

        public String stderr() {
            return read(err);
        }

        /** Types text at the process (for one started in a terminal). */
        public void type(String text) {
            try {
                process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public void signal(String signal) {
            try {
                new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                        .start()
                        .waitFor();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static String read(Path p) {
            try {
                return Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** How a process ended. {@code stderr} holds the logs of admin processes, {@code stdout} their output. */
    public record Result(int exitCode, String stdout, String stderr, Duration elapsed) {
        public String all() {
            return stdout + stderr;
        }

        /** What the process said to its user on stderr: the lines that are not log lines (nor blank). */
        public java.util.List<String> errorLines() {
            return stderr.lines()
                    .filter(l -> !l.isBlank()
                            && !l.matches("^\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d.*")
                            && !l.startsWith("{\"timestamp\""))
                    .toList();
        }
    }
}
