package dev.onebinary.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onebinary.platform.AppException;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.support.TestDatabase;
import dev.onebinary.tasks.TaskOutcome;
import dev.onebinary.tasks.TaskReport;
import dev.onebinary.tasks.Tasks;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import through the framework's in-process seam: what lands in records, what is rejected, and resuming. */
@QuarkusTest
class ImportRecordsTest {

    private static final String DB = TestDatabase.NAME;

    @TempDir
    Path dir;

    @BeforeEach
    void emptyRecords() {
        TestDatabase.execute(DB, "DELETE FROM task_cursors WHERE task = 'import-records'; TRUNCATE records");
    }

    private static List<String> payloads() {
        return TestDatabase.column(DB, "SELECT payload::text FROM records ORDER BY id");
    }

    private Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private static String ndjson(int from, int to) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(i -> "{\"payload\": {\"kind\": \"order\", \"n\": " + i + "}}\n")
                .collect(Collectors.joining());
    }

    @Test
    void importsGoodLinesAsPendingRecordsAndWritesEachBadLineToTheRejectsFileWithItsReason() throws Exception {
        Path in = file(
                "mixed.ndjson",
                "{\"payload\": {\"kind\": \"order\", \"n\": 1, \"note\": \"tab\\there \\\\ back\"}}\n"
                        + "not json\n"
                        + "{\"payload\": {\"n\": 2}} trailing\n"
                        + "{\"payload\": {\"s\": \"\\u0000\"}}\n"
                        + "\n"
                        + "{\"payload\": {\"kind\": \"refund\", \"n\": 12345678901234567890.5}}\r\n");
        Files.write(
                in,
                new byte[] {'{', '"', 'p', '"', ':', (byte) 0xC3, (byte) 0x28, '}', '\n'},
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(in, "{\"payload\": {\"s\": \"\\ud800\"}}\n", java.nio.file.StandardOpenOption.APPEND);
        Path rejects = dir.resolve("rejects.jsonl");

        TaskReport report = Tasks.run(new ImportRecords(), in.toString(), "--rejects", rejects.toString());

        assertThat(report.outcome()).isEqualTo(TaskOutcome.COMPLETE);
        assertThat(report.changed()).isEqualTo(2);
        assertThat(report.rejected())
                .as("a blank line is skipped, not rejected")
                .isEqualTo(5);
        assertThat(payloads())
                .containsExactly(
                        "{\"n\": 1, \"kind\": \"order\", \"note\": \"tab\\there \\\\ back\"}",
                        "{\"n\": 12345678901234567890.5, \"kind\": \"refund\"}");
        assertThat(TestDatabase.column(DB, "SELECT DISTINCT status FROM records"))
                .containsExactly("pending");
        List<String> rejected = Files.readAllLines(rejects);
        assertThat(rejected).hasSize(5);
        assertThat(rejected.get(0)).startsWith("{\"line\":2,\"reason\":").contains("\"text\":\"not json\"");
        assertThat(rejected.get(1)).startsWith("{\"line\":3,");
        assertThat(rejected.get(2)).startsWith("{\"line\":4,").contains("\\\\u0000");
        assertThat(rejected.get(3)).isEqualTo("{\"line\":7,\"reason\":\"the line is not valid UTF-8\",\"text\":null}");
        assertThat(rejected.get(4)).startsWith("{\"line\":8,").contains("unpaired surrogate");
    }

    @Test
    void csvColumnsBecomePayloadFieldsWithIntegersAndBooleansTyped() throws Exception {
        Path in = file(
                "orders.csv",
                "kind,n,note,paid\n" + "order,1,\"a, quoted \"\"note\"\"\",true\n" + "order,007,,false\n"
                        + "order,2,x\n" + "order,3,\"open,false\n");

        TaskReport report = Tasks.run(new ImportRecords(), in.toString());

        assertThat(report.changed()).isEqualTo(2);
        assertThat(report.rejected()).isEqualTo(2);
        assertThat(payloads())
                .containsExactly(
                        "{\"n\": 1, \"kind\": \"order\", \"note\": \"a, quoted \\\"note\\\"\", \"paid\": true}",
                        "{\"n\": \"007\", \"kind\": \"order\", \"note\": null, \"paid\": false}");
    }

    @Test
    void aStoppedImportResumesAfterItsLastCommittedLineSoEveryLineLandsExactlyOnce() throws Exception {
        Path in = file("big.ndjson", ndjson(1, 250));

        TaskReport first = Tasks.run(new ImportRecords(), in.toString(), "--batch-size", "40", "--limit", "100");
        assertThat(first.changed()).isBetween(100L, 120L);

        TaskReport second = Tasks.run(new ImportRecords(), in.toString(), "--batch-size", "40");
        assertThat(first.changed() + second.changed()).isEqualTo(250);
        assertThat(TestDatabase.column(DB, "SELECT (payload->>'n') FROM records ORDER BY id"))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 250)
                        .mapToObj(Integer::toString)
                        .toList());

        TaskReport again = Tasks.run(new ImportRecords(), in.toString());
        assertThat(again.changed())
                .as("a finished import imports nothing twice")
                .isZero();
    }

    @Test
    void resumingWithADifferentFileIsRefusedAndChangesNothing() throws Exception {
        Path in = file("a.ndjson", ndjson(1, 100));
        Tasks.run(new ImportRecords(), in.toString(), "--batch-size", "10", "--limit", "10");
        Files.writeString(in, ndjson(500, 600));

        assertThatThrownBy(() -> Tasks.run(new ImportRecords(), in.toString()))
                .isInstanceOfSatisfying(
                        AppException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("an import of another file is unfinished (a.ndjson, line 10 committed)")
                .hasMessageContaining("--restart");
        assertThat(TestDatabase.scalar(DB, "SELECT count(*) FROM records")).isEqualTo(10L);
    }

    @Test
    void moreRejectsThanMaxRejectsStopsTheRun() throws Exception {
        Path in = file("bad.ndjson", "x\n".repeat(20) + ndjson(1, 5));

        TaskReport report = Tasks.run(new ImportRecords(), in.toString(), "--batch-size", "5", "--max-rejects", "7");

        assertThat(report.outcome()).isEqualTo(TaskOutcome.TOO_MANY_REJECTS);
        assertThat(report.outcome().exitCode()).isEqualTo(ExitCode.TOO_MANY_REJECTS);
        assertThat(report.rejected())
                .as("the run stops at the line that crosses the limit")
                .isEqualTo(8);
        assertThat(payloads()).isEmpty();
    }

    @Test
    void aDryRunValidatesEveryLineAndImportsNothing() throws Exception {
        Path in = file("dry.ndjson", ndjson(1, 30) + "{\"payload\": []}\n");

        TaskReport report = Tasks.run(new ImportRecords(), in.toString(), "--dry-run");

        assertThat(report.wouldChange()).isEqualTo(30);
        assertThat(report.wouldReject()).isEqualTo(1);
        assertThat(payloads()).isEmpty();
        assertThat(TestDatabase.scalar(DB, "SELECT count(*) FROM task_cursors WHERE task = 'import-records'"))
                .isEqualTo(0L);
    }

    @Test
    void aCsvFileWithoutAUsableHeaderIsRefusedInOneLine() throws Exception {
        Path in = file("dup.csv", "kind,kind\norder,order\n");

        assertThatThrownBy(() -> Tasks.run(new ImportRecords(), in.toString()))
                .isInstanceOfSatisfying(
                        AppException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessage("the header of " + in + " is not usable: the header names column kind twice");
        assertThat(payloads()).isEmpty();
    }

    @Test
    void aMissingFileIsAUsageError() {
        assertThatThrownBy(() -> Tasks.run(
                        new ImportRecords(), dir.resolve("nope.ndjson").toString()))
                .isInstanceOfSatisfying(
                        AppException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("no such file");
    }

    @Test
    void aFileImportedToItsEndIsNeverImportedAgainAndOnlyLinesAppendedLaterGoIn() throws Exception {
        Path a = file("a.ndjson", ndjson(1, 30));
        Path b = file("b.ndjson", ndjson(101, 120));
        assertThat(Tasks.run(new ImportRecords(), a.toString()).changed()).isEqualTo(30);
        assertThat(Tasks.run(new ImportRecords(), b.toString()).changed()).isEqualTo(20);

        assertThat(Tasks.run(new ImportRecords(), a.toString()).changed())
                .as("a, finished before b, is remembered")
                .isZero();
        Files.writeString(a, ndjson(31, 35), java.nio.file.StandardOpenOption.APPEND);
        assertThat(Tasks.run(new ImportRecords(), a.toString()).changed()).isEqualTo(5);
        assertThat(TestDatabase.scalar(DB, "SELECT count(DISTINCT payload->>'n') FROM records"))
                .isEqualTo(55L);
    }

    @Test
    void aFileChangedBeforeTheSavedCursorIsRefusedInsteadOfResumedMidway() throws Exception {
        Path in = file("long.ndjson", ndjson(1, 3000));
        Tasks.run(new ImportRecords(), in.toString(), "--batch-size", "500", "--limit", "2500");
        String text = Files.readString(in).replace("\"n\": 2490}", "\"n\": 9990}");
        Files.writeString(in, text);

        assertThatThrownBy(() -> Tasks.run(new ImportRecords(), in.toString()))
                .isInstanceOfSatisfying(
                        AppException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("changed before the saved cursor (line 2500)");
        assertThat(TestDatabase.scalar(DB, "SELECT count(*) FROM records")).isEqualTo(2500L);
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstColumnsName() throws Exception {
        Path in = dir.resolve("excel.csv");
        Files.write(in, ("\uFEFFkind,n\norder,1\n").getBytes(StandardCharsets.UTF_8));

        Tasks.run(new ImportRecords(), in.toString());

        assertThat(payloads()).containsExactly("{\"n\": 1, \"kind\": \"order\"}");
    }

    @Test
    void linesLongerThanTheReadBlockOrAcrossItLandWholeAndResumeExactly() throws Exception {
        StringBuilder content = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            content.append("{\"payload\": {\"n\": ")
                    .append(i)
                    .append(", \"note\": \"")
                    .append(Character.toString('a' + i % 26).repeat(7_000 + 37 * i))
                    .append("\"}}")
                    .append(i % 3 == 0 ? "\r\n" : "\n");
            if (i == 20) {
                content.append("{\"payload\": {\"big\": \"")
                        .append("x".repeat(200_000))
                        .append("\"}}\n");
            }
        }
        Path in = file("long.ndjson", content.toString());
        Path rejects = dir.resolve("rejects.jsonl");

        TaskReport first = Tasks.run(
                new ImportRecords(),
                in.toString(),
                "--batch-size",
                "7",
                "--limit",
                "15",
                "--rejects",
                rejects.toString());
        TaskReport second =
                Tasks.run(new ImportRecords(), in.toString(), "--batch-size", "7", "--rejects", rejects.toString());

        assertThat(first.changed()).isLessThan(40);
        assertThat(first.changed() + second.changed()).isEqualTo(40);
        assertThat(TestDatabase.column(
                        DB, "SELECT (payload->>'n') || ':' || length(payload->>'note') FROM records ORDER BY id"))
                .as("every line whole, in order, once, without its carriage return")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 40)
                        .mapToObj(i -> i + ":" + (7_000 + 37 * i))
                        .toList());
        assertThat(Files.readAllLines(rejects))
                .as("the 200 KB line, three blocks long, is line 21")
                .singleElement()
                .asString()
                .startsWith("{\"line\":21,");
    }
}
