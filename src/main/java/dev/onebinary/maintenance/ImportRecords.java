package dev.onebinary.maintenance;

import dev.onebinary.domain.records.RecordLines;
import dev.onebinary.domain.records.RecordsConfig;
import dev.onebinary.tasks.LinesTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Imports records from an NDJSON file (one {@code {"payload": {...}}} per line, as {@code POST /records} takes) or a
 * CSV file with a header (each column a payload field), or stdin. Each batch goes in with one {@code COPY}; imported
 * records are {@code pending}, so the worker validates them as it does records sent over HTTP.
 */
@Command(
        name = "import-records",
        mixinStandardHelpOptions = true,
        description =
                "Import records from an NDJSON or CSV file, or - for stdin; resumable after the last committed line.")
public class ImportRecords extends LinesTask {

    @Parameters(index = "0", paramLabel = "FILE", description = "NDJSON or CSV file, or - for stdin.")
    String input;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "ndjson or csv; default: csv for a .csv file, else ndjson.")
    RecordLines.Format format;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Append rejected lines here (JSON lines).")
    String rejects;

    @Option(
            names = "--max-rejects",
            paramLabel = "N",
            defaultValue = "-1",
            description = "Stop (exit 10) once more than N lines are rejected; default: no limit.")
    long maxRejects;

    private RecordLines lines;

    @Override
    public int[] exitCodes() {
        return append(super.exitCodes(), dev.onebinary.platform.ExitCode.TOO_MANY_REJECTS);
    }

    @Override
    protected void beforeRun() {
        lines = new RecordLines(
                format != null ? format : RecordLines.Format.of(input),
                service(RecordsConfig.class).payloadLimits());
    }

    @Override
    protected String input() {
        return input;
    }

    @Override
    protected int headerLines() {
        return lines.headerLines();
    }

    @Override
    protected void header(List<String> header) throws Rejected {
        java.util.Optional<String> problem = lines.header(header);
        if (problem.isPresent()) {
            throw new Rejected(problem.get());
        }
    }

    @Override
    protected Object parse(String line, long number) throws Rejected {
        try {
            return lines.payload(line);
        } catch (IllegalArgumentException e) {
            throw new Rejected(e.getMessage());
        }
    }

    @Override
    protected int write(List<Object> payloads, Connection c) throws SQLException {
        StringBuilder rows = new StringBuilder(payloads.size() * 64);
        for (Object payload : payloads) {
            rows.append("pending\t");
            RecordLines.copyText(rows, (String) payload);
            rows.append('\n');
        }
        try {
            return (int) c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("COPY records (status, payload) FROM STDIN", new java.io.StringReader(rows.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected String rejectsFile() {
        return rejects;
    }

    @Override
    protected long maxRejects() {
        return maxRejects;
    }

    private static int[] append(int[] codes, int code) {
        int[] all = java.util.Arrays.copyOf(codes, codes.length + 1);
        all[codes.length] = code;
        return all;
    }
}
