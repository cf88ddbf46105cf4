package dev.onebinary.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.support.AppProcess;
import dev.onebinary.support.Await;
import dev.onebinary.support.FreshDatabase;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code app import-records} as a real process: killed and resumed, from stdin, and stopped by its rejects. */
class ImportRecordsIT {

    @RegisterExtension
    final FreshDatabase db = new FreshDatabase();

    @TempDir
    Path dir;

    @BeforeEach
    void migrate() {
        assertThat(db.app("migrate").run().exitCode()).isZero();
    }

    private long scalar(String sql) {
        return ((Number) db.scalar(sql)).longValue();
    }

    private Path ndjson(String name, int lines) throws Exception {
        Path f = dir.resolve(name);
        try (BufferedWriter w = Files.newBufferedWriter(f)) {
            for (int i = 1; i <= lines; i++) {
                w.write("{\"payload\": {\"kind\": \"order\", \"n\": " + i + ", \"note\": \"line " + i + "\"}}\n");
            }
        }
        return f;
    }

    @Test
    void anImportKilledMidwayResumesAfterTheLastCommittedLineWithNoLineTwiceOrSkipped() throws Exception {
        Path file = ndjson("records.ndjson", 30_000);
        AppProcess.Running doomed = db.app(
                        "import-records", file.toString(), "--batch-size", "500", "--throttle", "20ms")
                .start();
        Await.until(
                "2,000 imported records", Duration.ofSeconds(90), () -> scalar("SELECT count(*) FROM records") >= 2000);
        doomed.signal("KILL");
        doomed.process().waitFor();

        long beforeKill = scalar("SELECT count(*) FROM records");
        assertThat(beforeKill).isBetween(2000L, 29_999L);
        assertThat(scalar("SELECT (position::jsonb->>'line')::bigint FROM task_cursors WHERE task = 'import-records'"))
                .as("the cursor is the line after the last committed batch")
                .isEqualTo(beforeKill);

        AppProcess.Result resumed = db.app("import-records", file.toString(), "--batch-size", "5000")
                .run();

        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        assertThat(resumed.stdout()).contains("import-records shard 0/1: complete");
        assertThat(scalar("SELECT count(*) FROM records")).isEqualTo(30_000L);
        assertThat(scalar("SELECT count(DISTINCT payload->>'n') FROM records")).isEqualTo(30_000L);
        assertThat(scalar("SELECT min((payload->>'n')::int) + max((payload->>'n')::int) FROM records"))
                .isEqualTo(30_001L);
        assertThat(db.column("SELECT outcome FROM admin_runs WHERE command = 'import-records' ORDER BY id"))
                .containsExactly("running", "succeeded");

        AppProcess.Result again = db.app("import-records", file.toString()).run();
        assertThat(again.exitCode()).isZero();
        assertThat(scalar("SELECT count(*) FROM records"))
                .as("the same file again imports nothing")
                .isEqualTo(30_000L);
    }

    @Test
    void stdinImportsAndAnUnfinishedStdinImportIsNeverResumedFromAnotherStream() {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            lines.append("{\"payload\": {\"n\": ").append(i).append("}}\n");
        }
        AppProcess.Result partial = db.app("import-records", "-", "--batch-size", "10", "--limit", "20")
                .stdin(lines.toString())
                .run();
        assertThat(partial.exitCode()).as(partial.stderr()).isZero();
        assertThat(scalar("SELECT count(*) FROM records")).isEqualTo(20L);

        AppProcess.Result refused =
                db.app("import-records", "-").stdin(lines.toString()).run();
        assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.errorLines())
                .containsExactly("app import-records: cannot resume an import from stdin (the input cannot be read"
                        + " again): give the file, or --restart to import stdin from its first line");
        assertThat(scalar("SELECT count(*) FROM records")).isEqualTo(20L);

        AppProcess.Result restarted = db.app("import-records", "-", "--restart")
                .stdin(lines.toString())
                .run();
        assertThat(restarted.exitCode()).as(restarted.stderr()).isZero();
        assertThat(scalar("SELECT count(*) FROM records")).isEqualTo(70L);
    }

    @Test
    void tooManyRejectsStopsWithExitTenAndTheRejectsFileSaysWhy() throws Exception {
        Path file = dir.resolve("bad.ndjson");
        Files.writeString(file, "{\"payload\": {\"n\": 1}}\n" + "oops\n".repeat(30));
        Path rejects = dir.resolve("rejects.jsonl");

        AppProcess.Result result = db.app(
                        "import-records",
                        file.toString(),
                        "--batch-size",
                        "10",
                        "--max-rejects",
                        "5",
                        "--rejects",
                        rejects.toString())
                .run();

        assertThat(result.exitCode()).isEqualTo(ExitCode.TOO_MANY_REJECTS);
        assertThat(result.stderr())
                .contains("import-records shard 0/1 stopped at --max-rejects")
                .doesNotContain("\tat ");
        assertThat(Files.readAllLines(rejects)).hasSizeBetween(6, 10).allMatch(l -> l.contains("\"text\":\"oops\""));
        assertThat(db.column("SELECT outcome || ' ' || exit_code FROM admin_runs WHERE command = 'import-records'"))
                .containsExactly("failed 10");
    }
}
