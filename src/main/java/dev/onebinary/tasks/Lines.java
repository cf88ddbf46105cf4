package dev.onebinary.tasks;

import dev.onebinary.platform.AppException;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Output;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The work of a {@link LinesTask}: the lines of a file or of stdin, read in order, a batch at a time, never all at
 * once. The position is the byte offset after the last committed line, with the line count and the file's identity
 * (its name and a hash of its first 64 KiB), so a resumed run starts exactly after the last committed line and a run
 * given a different file is refused.
 */
final class Lines implements Work {

    private static final int IDENTITY_BLOCK = 64 * 1024;
    private static final int MAX_LINE = 16 * 1024 * 1024;

    private final LinesTask task;
    private final boolean stdin;
    private final Path file;
    private InputStream in;
    private long offset;
    private long line;
    private Map<String, Object> identity;
    private FileChannel rejects;
    private long rejected;

    Lines(LinesTask task) {
        this.task = task;
        this.stdin = task.input().equals("-");
        this.file = stdin ? null : Path.of(task.input());
    }

    @Override
    public long remaining(Connection c, Position from) {
        openAt(from);
        return stdin ? -1 : size() - offset;
    }

    @Override
    public long progress(long examined) {
        return offset;
    }

    @Override
    public String unit() {
        return stdin ? "lines" : "bytes";
    }

    @Override
    public Step next(Connection c, Position from, int size, Guard guard) throws SQLException {
        openAt(from);
        List<Object> items = new ArrayList<>(size);
        List<String> rejectedLines = new ArrayList<>();
        int examined = 0;
        while (examined < size) {
            Optional<String> text = readLine();
            if (text.isEmpty()) {
                break;
            }
            examined++;
            try {
                items.add(task.parse(text.get(), line));
            } catch (LinesTask.Rejected r) {
                rejectedLines.add(rejection(line, r.getMessage(), text.get()));
            }
        }
        if (examined == 0) {
            return Step.nothingLeft(from);
        }
        int written = items.isEmpty() ? 0 : task.write(items, c);
        writeRejects(rejectedLines);
        rejected += rejectedLines.size();
        return new Step(examined, written, position(), true, rejectedLines.size());
    }

    @Override
    public Optional<TaskOutcome> stop() {
        return task.maxRejects() >= 0 && rejected > task.maxRejects()
                ? Optional.of(TaskOutcome.TOO_MANY_REJECTS)
                : Optional.empty();
    }

    @Override
    public DryRun dryRun(Connection c, Position from, long limit, int batchSize) {
        openAt(from);
        long wouldWrite = 0;
        long wouldReject = 0;
        List<Object> first = new ArrayList<>();
        List<String> rejectedLines = new ArrayList<>();
        for (long n = 0; n < limit; n++) {
            Optional<String> text = readLine();
            if (text.isEmpty()) {
                break;
            }
            try {
                task.parse(text.get(), line);
                wouldWrite++;
                if (first.size() < 10) {
                    first.add(line);
                }
            } catch (LinesTask.Rejected r) {
                wouldReject++;
                rejectedLines.add(rejection(line, r.getMessage(), text.get()));
                if (rejectedLines.size() >= 1000) {
                    writeRejects(rejectedLines);
                    rejectedLines.clear();
                }
            }
        }
        writeRejects(rejectedLines);
        return new DryRun(wouldWrite, first, wouldReject, position());
    }

    @Override
    public void close() {
        try {
            if (in != null && !stdin) {
                in.close();
            }
            if (rejects != null) {
                rejects.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the input once, checks a saved position belongs to it, reads the header and skips to the position. */
    private void openAt(Position from) {
        if (in != null) {
            return;
        }
        try {
            identity = identity();
            long start = 0;
            long startLine = 0;
            if (!from.atStart()) {
                Map<String, Object> saved = from.asMap();
                if (stdin) {
                    throw new AppException(
                            ExitCode.USAGE,
                            "cannot resume an import from stdin (the input cannot be read again): give the file, or"
                                    + " --restart to import stdin from its first line");
                }
                if (!identity.equals(saved.get("file"))) {
                    throw new AppException(
                            ExitCode.USAGE,
                            "the saved cursor belongs to another file (" + describe(saved.get("file")) + ", not "
                                    + describe(identity) + "): give the same file to resume, or --restart");
                }
                start = ((Number) saved.get("offset")).longValue();
                startLine = ((Number) saved.get("line")).longValue();
                if (start > size()) {
                    throw new AppException(
                            ExitCode.USAGE,
                            "the file is shorter than the saved cursor (" + start + " bytes): --restart");
                }
            }
            in = stdin
                    ? new BufferedInputStream(System.in, 1 << 16)
                    : new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            List<String> header = new ArrayList<>();
            for (int i = 0; i < task.headerLines(); i++) {
                readLine().ifPresent(header::add);
            }
            task.header(header);
            if (start > offset) {
                in.skipNBytes(start - offset);
                offset = start;
                line = startLine;
            }
        } catch (NoSuchFileException e) {
            throw new AppException(ExitCode.USAGE, "no such file: " + task.input());
        } catch (LinesTask.Rejected e) {
            throw new AppException(
                    ExitCode.USAGE, "the header of " + task.input() + " is not usable: " + e.getMessage());
        } catch (IOException e) {
            throw new AppException(ExitCode.FAILED, "cannot read " + task.input() + ": " + e.getMessage(), e);
        }
    }

    /** The next line without its end-of-line, advancing the offset past it; empty at the end of the input. */
    private Optional<String> readLine() {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(256);
            int b;
            boolean any = false;
            while ((b = in.read()) != -1) {
                any = true;
                offset++;
                if (b == '\n') {
                    break;
                }
                if (bytes.size() >= MAX_LINE) {
                    throw new AppException(
                            ExitCode.FAILED, "line " + (line + 1) + " is longer than " + MAX_LINE + " bytes");
                }
                bytes.write(b);
            }
            if (!any) {
                return Optional.empty();
            }
            line++;
            byte[] raw = bytes.toByteArray();
            int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
            return Optional.of(decode(raw, length));
        } catch (IOException e) {
            throw new AppException(ExitCode.FAILED, "cannot read " + task.input() + ": " + e.getMessage(), e);
        }
    }

    /** Strict UTF-8: a line that is not valid UTF-8 reaches parse() with U+FFFD nowhere, as a marker it can reject. */
    private static String decode(byte[] raw, int length) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return INVALID_UTF8;
        }
    }

    /** What parse() receives for a line that is not valid UTF-8: a NUL, which no valid line can contain. */
    static final String INVALID_UTF8 = "\u0000invalid UTF-8";

    private Position position() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("offset", offset);
        p.put("line", line);
        p.put("file", identity);
        return Position.ofMap(p);
    }

    private Map<String, Object> identity() throws IOException {
        Map<String, Object> id = new LinkedHashMap<>();
        if (stdin) {
            id.put("name", "-");
            return id;
        }
        id.put("name", file.getFileName().toString());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer block = ByteBuffer.allocate(IDENTITY_BLOCK);
            while (block.hasRemaining() && ch.read(block) > 0) {
                // fill the first block
            }
            block.flip();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(block);
            id.put("firstBlockSha256", HexFormat.of().formatHex(sha.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    private long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(Object identity) {
        return identity instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : String.valueOf(identity);
    }

    private static String rejection(long number, String reason, String text) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("line", number);
        r.put("reason", reason);
        r.put("text", text == INVALID_UTF8 ? null : text);
        return Output.compact(r);
    }

    /** Appends rejected lines to the rejects file and forces them to disk before the batch commits. */
    private void writeRejects(List<String> lines) {
        String path = task.rejectsFile();
        if (path == null || lines.isEmpty()) {
            return;
        }
        try {
            if (rejects == null) {
                rejects = FileChannel.open(
                        Path.of(path), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
            Channels.newOutputStream(rejects).write(bytes);
            rejects.force(false);
        } catch (IOException e) {
            throw new AppException(ExitCode.FAILED, "cannot write the rejects file " + path + ": " + e.getMessage(), e);
        }
    }
}
