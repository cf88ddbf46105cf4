package dev.onebinary.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onebinary.domain.formation.Formation;
import dev.onebinary.domain.formation.Formation.State;
import dev.onebinary.domain.formation.ReleaseCheck;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How this release compares with the schema and the running formation, and how each difference reads. */
class ReleaseCheckTest {

    private static final String A = "0.1.0+aaaaaaa@v42";
    private static final String B = "0.1.0+bbbbbbb@v43";

    private static Formation.Member member(String type, String release, State state) {
        OffsetDateTime now = OffsetDateTime.now();
        return new Formation.Member(
                type + "-" + release + "-" + state + "-" + Math.random(),
                type,
                release,
                "pod",
                42,
                now,
                now,
                state == State.stopped ? now : null,
                state,
                state == State.running ? 1 : 100);
    }

    private static ReleaseCheck.Schema schema(String version) {
        return new ReleaseCheck.Schema(version, A, Map.of(), List.of());
    }

    private static ReleaseCheck.Schema ahead(String version, String appliedBy) {
        Map<String, String> ahead = new LinkedHashMap<>();
        ahead.put(version, appliedBy);
        return new ReleaseCheck.Schema(version, appliedBy, ahead, List.of());
    }

    private static ReleaseCheck check(String release, ReleaseCheck.Schema schema, Formation.Member... members) {
        return new ReleaseCheck(release, schema, Optional.of(new ArrayList<>(List.of(members))));
    }

    @Test
    void sameReleaseEverywhereSaysSoWithTheCounts() {
        ReleaseCheck check = check(
                A,
                schema("6"),
                member("web", A, State.running),
                member("web", A, State.running),
                member("worker", A, State.running));
        assertThat(check.same()).isTrue();
        assertThat(check.differences()).isEmpty();
        assertThat(check.verdict())
                .isEqualTo("same release: web x2, worker x1, the schema (6) and this process all on release " + A);
    }

    @Test
    void aDatabaseAheadNamesTheMigrationTheReleaseThatAppliedItAndThisRelease() {
        ReleaseCheck check = check(A, ahead("900", B));
        assertThat(check.same()).isFalse();
        assertThat(check.differences()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(ReleaseCheck.Kind.AHEAD);
            assertThat(d.line())
                    .isEqualTo("the database is ahead of release " + A + ": migration 900 was applied by" + " release "
                            + B + " and is unknown to this release");
            assertThat(d.otherReleases()).containsExactly(B);
        });
        assertThat(check.verdict()).startsWith("release drift: the database is ahead of release " + A);
    }

    @Test
    void aMigrationTheLedgerCannotAttributeIsStillAhead() {
        ReleaseCheck check = check(A, ahead("900", null));
        assertThat(check.differences().getFirst().line())
                .contains("migration 900 was applied by a release the ledger does not name");
        assertThat(check.differences().getFirst().otherReleases()).isEmpty();
    }

    @Test
    void anotherReleaseRunningNamesItsProcessesAndBothReleases() {
        ReleaseCheck check =
                check(B, schema("900"), member("web", A, State.running), member("worker", A, State.running));
        assertThat(check.differences()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(ReleaseCheck.Kind.SERVING);
            assertThat(d.line())
                    .isEqualTo("another release is running against this database: web x1, worker x1 on" + " release "
                            + A + "; this is release " + B);
            assertThat(d.otherReleases()).containsExactly(A);
        });
    }

    @Test
    void halfwayThroughARolloutOnlyTheOtherReleaseIsADifference() {
        ReleaseCheck check = check(B, schema("900"), member("web", A, State.running), member("web", B, State.running));
        assertThat(check.differences().getFirst().line())
                .isEqualTo("another release is running against this database: web x1 on release " + A
                        + "; this is release " + B);
    }

    @Test
    void goneAndStoppedProcessesOfAnotherReleaseDoNotCount() {
        ReleaseCheck check = check(B, schema("900"), member("web", A, State.gone), member("worker", A, State.stopped));
        assertThat(check.same()).isTrue();
        assertThat(check.running()).isEmpty();
        assertThat(check.verdict())
                .isEqualTo("same release: no web or worker process running, the schema (900) and this process all on"
                        + " release " + B);
        assertThat(Formation.groups(check.formation().orElseThrow()))
                .containsExactly(new Formation.Group("web", A, 0, 1));
    }

    @Test
    void bothDifferencesAreReportedInOneLine() {
        ReleaseCheck check = check(A, ahead("900", B), member("worker", B, State.running));
        assertThat(check.differences())
                .extracting(ReleaseCheck.Difference::kind)
                .containsExactly(ReleaseCheck.Kind.AHEAD, ReleaseCheck.Kind.SERVING);
        assertThat(check.verdict()).doesNotContain("\n").contains("ahead of release " + A, "worker x1 on release " + B);
    }

    @Test
    void aSchemaBehindThisReleaseIsNotDriftButTheVerdictSaysWhatIsPending() {
        ReleaseCheck check =
                new ReleaseCheck(B, new ReleaseCheck.Schema("6", A, Map.of(), List.of("900")), Optional.of(List.of()));
        assertThat(check.same()).isTrue();
        assertThat(check.verdict()).contains("the schema is behind it: 1 migration(s) of this release pending (900)");
    }

    @Test
    void aDatabaseWithoutAFormationTableHasNoFormationToCompare() {
        ReleaseCheck check = new ReleaseCheck(A, schema("3"), Optional.empty());
        assertThat(check.same()).isTrue();
        assertThat(check.verdict()).contains("no formation table");
        assertThat(check.context()).containsEntry("formation", null);
    }

    @Test
    void theLedgerContextHoldsTheSchemaVersionAndTheRunningReleases() {
        ReleaseCheck check = check(A, ahead("900", B), member("web", B, State.running), member("web", B, State.gone));
        assertThat(check.context())
                .containsEntry("schema", Map.of("version", "900", "ahead", List.of("900")))
                .containsEntry("formation", List.of(Map.of("processType", "web", "release", B, "running", 1)));
    }
}
