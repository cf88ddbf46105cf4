package dev.onebinary.tasks;

import dev.onebinary.platform.AppException;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Output;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
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
    private static final int BEFORE_BLOCK = 4 * 1024;
    private static final int MAX_LINE = 16 * 1024 * 1024;
    /** A batch also ends once it holds this many bytes of input, whatever --batch-size says: memory stays flat. */
    private static final long MAX_BATCH_BYTES = 8L * 1024 * 1024;
    /** Files a cursor remembers as imported to their end, so giving one again imports nothing. */
    private static final int DONE_REMEMBERED = 1000;

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final LinesTask task;
    private final boolean stream;
    private final Path file;
    private InputStream in;
    /** The input's bytes read ahead, {@code buffer[pos..limit)} not yet consumed: lines are found a block at a time. */
    private final byte[] buffer = new byte[1 << 16];

    private int pos;
    private int limit;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private long startOffset;
    private long offset;
    private long line;
    private Map<String, Object> identity;
    private final Map<String, Object> done = new LinkedHashMap<>();
    private FileChannel rejects;
    private long rejected;
    private Batch read;

    /** A batch read ahead of its transaction: its items, its rejected lines, how many lines it examined. */
    private record Batch(List<Object> items, List<String> rejectedLines, int examined) {}

    Lines(LinesTask task) {
        this.task = task;
        this.file = task.input().equals("-") ? null : Path.of(task.input());
        // stdin, a pipe, a FIFO or /dev/stdin: read once, in order, never resumed (their bytes cannot be read again).
        this.stream = file == null || (Files.exists(file) && !Files.isRegularFile(file));
    }

    @Override
    public long remaining(Connection c, Position from) {
        openAt(from);
        return stream ? -1 : size() - offset;
    }

    @Override
    public long progress(long examined) {
        return offset - startOffset;
    }

    @Override
    public String unit() {
        return "bytes";
    }

    /** Reads the next batch before its transaction opens: a slow input never holds a transaction or a row lock. */
    @Override
    public void prefetch(Position from, int size) {
        openAt(from);
        read = read(size);
    }

    @Override
    public Step next(Connection c, Position from, int size, Guard guard) throws SQLException {
        openAt(from);
        Batch batch = read != null ? read : read(size);
        read = null;
        if (batch.examined() == 0) {
            return Step.nothingLeft(position());
        }
        int written = batch.items().isEmpty() ? 0 : task.write(batch.items(), c);
        writeRejects(batch.rejectedLines());
        rejected += batch.rejectedLines().size();
        return new Step(
                batch.examined(),
                written,
                position(),
                true,
                batch.rejectedLines().size());
    }

    /**
     * Up to {@code size} lines (and at most {@link #MAX_BATCH_BYTES}); stops at the line that takes the rejects over
     * --max-rejects, so the lines after it are neither imported nor counted.
     */
    private Batch read(int size) {
        List<Object> items = new ArrayList<>(Math.min(size, 10_000));
        List<String> rejectedLines = new ArrayList<>();
        int examined = 0;
        long from = offset;
        long max = task.maxRejects();
        while (examined < size && offset - from < MAX_BATCH_BYTES) {
            Optional<String> text = readLine();
            if (text.isEmpty()) {
                break;
            }
            examined++;
            if (text.get().isBlank()) {
                continue;
            }
            try {
                items.add(parse(text.get()));
            } catch (LinesTask.Rejected r) {
                rejectedLines.add(rejection(line, r.getMessage(), text.get()));
                if (max >= 0 && rejected + rejectedLines.size() > max) {
                    break;
                }
            }
        }
        return new Batch(items, rejectedLines, examined);
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
            if (text.get().isBlank()) {
                continue;
            }
            try {
                parse(text.get());
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
            if (in != null && file != null) {
                in.close();
            }
            if (rejects != null) {
                rejects.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens the input once and finds where to start: after the last committed line of an unfinished import of this
     * file (checking that the bytes before it are the ones committed), where a finished import of it ended (so lines
     * appended since are imported and nothing twice), or at the first line. An unfinished import of another file is
     * refused.
     */
    private void openAt(Position from) {
        if (in != null) {
            return;
        }
        try {
            if (file != null && !Files.exists(file)) {
                throw new NoSuchFileException(task.input());
            }
            identity = identity();
            Map<String, Object> saved = from.atStart() ? Map.of() : from.asMap();
            if (saved.get("done") instanceof Map<?, ?> d) {
                d.forEach((k, v) -> done.put(String.valueOf(k), v));
            }
            boolean complete = Boolean.TRUE.equals(saved.get("complete"));
            boolean same = !stream && matches(saved.get("file"));
            long start = 0;
            long startLine = 0;
            if (!saved.isEmpty() && complete && !same) {
                // The previous import got to the end of its input: remember where, and start this one where an
                // earlier import of it ended, or at its first line.
                if (!"-".equals(sha(saved.get("file")))) {
                    remember(sha(saved.get("file")), saved);
                }

                Map<?, ?> end = stream ? null : doneEntry();
                if (end != null) {
                    start = ((Number) end.get("offset")).longValue();
                    startLine = ((Number) end.get("line")).longValue();
                }
                saved = Map.of();
            }
            if (!saved.isEmpty()) {
                if (stream) {
                    throw new AppException(
                            ExitCode.USAGE,
                            "cannot resume an import from stdin (the input cannot be read again): give the file, or"
                                    + " --restart to import stdin from its first line");
                }
                if (!same) {
                    throw new AppException(
                            ExitCode.USAGE,
                            "an import of another file is unfinished (" + describe(saved.get("file")) + ", line "
                                    + saved.get("line") + " committed): give that file to finish it, or --restart to"
                                    + " abandon it (its committed lines stay imported)");
                }
                start = ((Number) saved.get("offset")).longValue();
                startLine = ((Number) saved.get("line")).longValue();
                rejected = saved.get("rejected") instanceof Number n ? n.longValue() : 0;
            }
            if (start > 0
                    && (start > size() || !String.valueOf(checkedBefore(saved)).equals(before(start)))) {
                throw new AppException(
                        ExitCode.USAGE,
                        task.input() + " changed before the saved cursor (line " + startLine + "): it is not the file"
                                + " whose lines were committed; --restart to import it from its first line");
            }
            in = file == null ? System.in : Files.newInputStream(file);
            skipByteOrderMark();
            List<String> header = new ArrayList<>();
            for (int i = 0; i < task.headerLines(); i++) {
                readLine().ifPresent(header::add);
            }
            task.header(header);
            if (start > offset) {
                long skip = start - offset;
                int buffered = (int) Math.min(skip, limit - pos);
                pos += buffered;
                in.skipNBytes(skip - buffered);
                offset = start;
                line = startLine;
            }
            startOffset = offset;
            openRejects();
        } catch (NoSuchFileException e) {
            throw new AppException(ExitCode.USAGE, "no such file: " + task.input());
        } catch (LinesTask.Rejected e) {
            throw new AppException(
                    ExitCode.USAGE, "the header of " + task.input() + " is not usable: " + e.getMessage());
        } catch (IOException e) {
            throw new AppException(ExitCode.FAILED, "cannot read " + task.input() + ": " + e.getMessage(), e);
        }
    }

    /** The hash of the bytes before the cursor as committed: of the unfinished import, or of the finished one. */
    private Object checkedBefore(Map<String, Object> saved) {
        if (!saved.isEmpty()) {
            return saved.get("before");
        }
        Map<?, ?> end = doneEntry();
        return end != null ? end.get("before") : null;
    }

    private void remember(String sha, Map<String, Object> end) {
        done.remove(sha);
        Map<String, Object> at = new LinkedHashMap<>();
        at.put("offset", end.get("offset"));
        at.put("line", end.get("line"));
        at.put("before", end.get("before"));
        at.put("length", end.get("file") instanceof Map<?, ?> f ? f.get("firstBlockLength") : null);
        done.put(sha, at);
        while (done.size() > DONE_REMEMBERED) {
            done.remove(done.keySet().iterator().next());
        }
    }

    private void skipByteOrderMark() throws IOException {
        while (limit < BOM.length && fill(limit) > 0) {
            // the first three bytes, however the input hands them over
        }
        if (limit >= BOM.length && java.util.Arrays.equals(buffer, 0, BOM.length, BOM, 0, BOM.length)) {
            pos = BOM.length;
            offset = BOM.length;
        }
    }

    /** Reads more input into the buffer from {@code at}; the bytes read, or -1 at the end. */
    private int fill(int at) throws IOException {
        int n = in.read(buffer, at, buffer.length - at);
        if (n > 0) {
            limit = at + n;
        }
        return n;
    }

    /**
     * The next line without its end-of-line, advancing the offset past it; empty at the end of the input. Profiled on
     * import-records: reading a byte at a time (a call and a lock per byte) took a quarter of the run; the buffer is
     * now searched for the end of line and a line within it decoded in place.
     */
    private Optional<String> readLine() {
        try {
            java.io.ByteArrayOutputStream spanning = null; // a line that goes on past the buffer
            boolean any = false;
            boolean tooLong = false;
            while (true) {
                if (pos == limit) {
                    pos = 0;
                    limit = 0;
                    if (fill(0) <= 0) {
                        break;
                    }
                }
                any = true;
                int start = pos;
                int end = start;
                while (end < limit && buffer[end] != '\n') {
                    end++;
                }
                boolean ended = end < limit;
                offset += end - start + (ended ? 1 : 0);
                pos = ended ? end + 1 : end;
                if (ended && spanning == null) {
                    line++;
                    return Optional.of(decode(buffer, start, end - start));
                }
                if (spanning == null) {
                    spanning = new java.io.ByteArrayOutputStream(2 * (end - start));
                }
                int keep = (int) Math.min(end - start, Math.max(0, MAX_LINE - spanning.size()));
                tooLong |= keep < end - start;
                spanning.write(buffer, start, keep); // read on to the end of a line too long, keeping nothing more
                if (ended) {
                    break;
                }
            }
            if (!any) {
                return Optional.empty();
            }
            line++;
            if (tooLong) {
                return Optional.of(TOO_LONG);
            }
            byte[] raw = spanning.toByteArray();
            return Optional.of(decode(raw, 0, raw.length));
        } catch (IOException e) {
            throw new AppException(ExitCode.FAILED, "cannot read " + task.input() + ": " + e.getMessage(), e);
        }
    }

    /** The task's item for the line just read; a line that is not UTF-8, or too long, is rejected before the task. */
    private Object parse(String text) throws LinesTask.Rejected {
        if (text == INVALID_UTF8) {
            throw new LinesTask.Rejected("the line is not valid UTF-8");
        }
        if (text == TOO_LONG) {
            throw new LinesTask.Rejected("the line is longer than " + MAX_LINE / (1024 * 1024) + " MiB");
        }
        return task.parse(text, line);
    }

    /**
     * Strict UTF-8, without the line's trailing carriage return: a line that is not valid UTF-8 is never decoded with
     * U+FFFD; it becomes a marker to reject.
     */
    private String decode(byte[] raw, int from, int length) {
        if (length > 0 && raw[from + length - 1] == '\r') {
            length--;
        }
        try {
            return utf8.reset().decode(ByteBuffer.wrap(raw, from, length)).toString();
        } catch (CharacterCodingException e) {
            return INVALID_UTF8;
        }
    }

    /** The line that was not valid UTF-8, and the line over 16 MiB (each compared by identity). */
    static final String INVALID_UTF8 = new String("\u0000invalid UTF-8");

    static final String TOO_LONG = new String("\u0000too long");

    private Position position() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("offset", offset);
        p.put("line", line);
        p.put("file", identity);
        p.put("before", stream ? null : before(offset));
        p.put("rejected", rejected);
        if (!done.isEmpty()) {
            p.put("done", done);
        }
        return Position.ofMap(p);
    }

    /**
     * The file's identity: the SHA-256 of its first 64 KiB, or of all of it when shorter, with that length (the name
     * is for messages only: a renamed file resumes).
     */
    private Map<String, Object> identity() throws IOException {
        Map<String, Object> id = new LinkedHashMap<>();
        if (stream) {
            id.put("name", "-");
            id.put("firstBlockSha256", "-");
            return id;
        }
        int length = (int) Math.min(size(), IDENTITY_BLOCK);
        id.put("name", file.getFileName().toString());
        id.put("firstBlockSha256", hash(0, length));
        id.put("firstBlockLength", length);
        return id;
    }

    /**
     * Whether this file is the one a cursor was saved for: the same bytes over the length hashed then, so a file that
     * was shorter than 64 KiB and has grown by appended lines is still the same file.
     */
    private boolean matches(Object saved) {
        if (!(saved instanceof Map<?, ?> m) || !(m.get("firstBlockLength") instanceof Number n)) {
            return false;
        }
        return n.intValue() <= size()
                && String.valueOf(m.get("firstBlockSha256")).equals(hashOrNull(n.intValue()));
    }

    /** Where a finished import of this file ended, if the cursor remembers one. */
    private Map<?, ?> doneEntry() {
        for (Map.Entry<String, Object> e : done.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> end
                    && end.get("length") instanceof Number n
                    && n.intValue() <= size()
                    && e.getKey().equals(hashOrNull(n.intValue()))) {
                return end;
            }
        }
        return null;
    }

    private String hashOrNull(int length) {
        try {
            return hash(0, length);
        } catch (IOException e) {
            return null;
        }
    }

    /** The hash of the (up to) 4 KiB before {@code at}: proof on resume that the committed lines are still there. */
    private String before(long at) {
        try {
            return hash(Math.max(0, at - BEFORE_BLOCK), (int) Math.min(at, BEFORE_BLOCK));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String hash(long from, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer block = ByteBuffer.allocate(length);
            long at = from;
            int n;
            while (block.hasRemaining() && (n = ch.read(block, at)) > 0) {
                at += n;
            }
            block.flip();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(block);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha(Object identity) {
        return identity instanceof Map<?, ?> m ? String.valueOf(m.get("firstBlockSha256")) : "";
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

    private String rejection(long number, String reason, String text) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("line", number);
        r.put("reason", reason);
        r.put("text", text == INVALID_UTF8 || text == TOO_LONG ? null : text);
        return Output.compact(r);
    }

    /** Opens the rejects file before the first batch, so a path that cannot be written fails the run at once. */
    private void openRejects() {
        String path = task.rejectsFile();
        if (path == null || rejects != null) {
            return;
        }
        try {
            rejects = FileChannel.open(
                    Path.of(path), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new AppException(ExitCode.USAGE, "cannot write the rejects file " + path + ": " + e.getMessage());
        }
    }

    /** Appends rejected lines to the rejects file and forces them to disk before the batch commits. */
    private void writeRejects(List<String> lines) {
        if (rejects == null || lines.isEmpty()) {
            return;
        }
        try {
            byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
            Channels.newOutputStream(rejects).write(bytes);
            rejects.force(false);
        } catch (IOException e) {
            throw new AppException(
                    ExitCode.FAILED, "cannot write the rejects file " + task.rejectsFile() + ": " + e.getMessage(), e);
        }
    }
}
