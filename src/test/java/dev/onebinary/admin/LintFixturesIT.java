package dev.onebinary.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.support.AppProcess;
import dev.onebinary.support.FreshDatabase;
import dev.onebinary.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lint rules against a fixture set of dangerous and safe migrations (src/test/resources/lint-fixtures), through
 * the real {@code app migrate lint} of the packaged application, on a database whose fixture tables exist with rows:
 * static, then observed on a scratch database. Each case's markers say what must be reported; nothing else may be.
 */
class LintFixturesIT {

    private static final Path BASE =
            Path.of("src/test/resources/lint-fixtures/base").toAbsolutePath();
    private static final Path CASES =
            Path.of("src/test/resources/lint-fixtures/cases").toAbsolutePath();

    @RegisterExtension
    final FreshDatabase db = new FreshDatabase();

    @Test
    void everyRuleFlagsItsDangerousCaseAndPassesItsSafeOneInBothModes() throws Exception {
        AppProcess.Result base = db.app("migrate")
                .env("APP_MIGRATE_EXTRA_LOCATIONS", BASE.toString())
                .run();
        assertThat(base.exitCode()).as(base.all()).isZero();
        Markers markers = Markers.read(CASES);

        JsonNode lint = lint(false);
        assertThat(lint.get("mode").asText()).isEqualTo("static");
        Set<String> rules = new TreeSet<>();
        lint.get("rules").forEach(r -> rules.add(r.get("id").asText()));
        assertThat(markers.positive()).as("a dangerous case for every rule").containsAll(rules);
        assertThat(markers.negative()).as("a safe case for every rule").containsAll(rules);
        assertThat(found(lint, false)).isEqualTo(markers.expected(false));
        assertThat(found(lint, true)).isEqualTo(markers.suppressed());
        assertThat(lint.get("unsuppressed").asInt()).isEqualTo(count(markers.expected(false)));

        List<String> scratchBefore = scratchDatabases();
        JsonNode observed = lint(true);
        assertThat(observed.get("mode").asText())
                .as(String.valueOf(observed.get("observedUnavailable")))
                .isEqualTo("observed");
        assertThat(found(observed, false)).isEqualTo(markers.expected(true));
        assertThat(found(observed, true)).isEqualTo(markers.suppressed());
        assertThat(scratchDatabases()).as("the scratch database is dropped").isEqualTo(scratchBefore);

        assertThat(facts(observed, "V101__index_without_concurrently.sql", 2))
                .contains("measured: takes SHARE on fx_orders", "measured: scans fx_orders in full");
        assertThat(facts(observed, "V106__volatile_default.sql", 2))
                .contains("measured: takes ACCESS EXCLUSIVE on fx_events")
                .anyMatch(f -> f.startsWith("measured: rewrites fx_events"));
        assertThat(facts(observed, "V107__stable_default.sql", 3))
                .containsExactly("measured: takes ACCESS EXCLUSIVE on fx_events");
        assertThat(facts(observed, "V108__required_column.sql", 2))
                .anyMatch(f -> f.startsWith("failed on the scratch database:") && f.contains("null values"));
        assertThat(facts(observed, "V113__set_not_null_after_validated_check.sql", 3))
                .as("a validated CHECK spares the scan")
                .containsExactly("measured: takes ACCESS EXCLUSIVE on fx_customers");
        assertThat(facts(observed, "V102__index_concurrently.sql", 2))
                .contains("measured: takes SHARE UPDATE EXCLUSIVE on fx_orders");
        assertThat(facts(observed, "V117__validate_in_the_same_transaction.sql", 3))
                .contains("measured: scans fx_archive in full")
                .anyMatch(f -> f.startsWith("measured: holds ACCESS EXCLUSIVE on fx_archive (taken at line 1)"));
        assertThat(facts(observed, "V127__vacuum_full.sql", 2))
                .contains("measured: takes ACCESS EXCLUSIVE on fx_archive")
                .anyMatch(f -> f.startsWith("measured: rewrites fx_archive"));
    }

    private JsonNode lint(boolean observed) throws IOException {
        List<String> args = new ArrayList<>(List.of("migrate", "lint", "--output", "json"));
        if (observed) {
            args.add("--observed");
        }
        AppProcess.Result result = db.app(args.toArray(String[]::new))
                .env("APP_MIGRATE_EXTRA_LOCATIONS", BASE + "," + CASES)
                .run();
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCode.UNSAFE_MIGRATION);
        return new ObjectMapper().readTree(result.stdout());
    }

    /** {@code file:line -> rules} of the findings reported (unsuppressed, or suppressed). */
    private static Map<String, Set<String>> found(JsonNode report, boolean suppressed) {
        Map<String, Set<String>> found = new TreeMap<>();
        for (JsonNode f : report.get("findings")) {
            if (f.get("suppressed").asBoolean() == suppressed) {
                String file = Path.of(f.get("script").asText()).getFileName().toString();
                found.computeIfAbsent(file + ":" + f.get("line").asInt(), k -> new TreeSet<>())
                        .add(f.get("rule").asText());
                if (suppressed) {
                    assertThat(f.get("reason").asText()).isNotBlank();
                }
            }
        }
        return found;
    }

    private static List<String> facts(JsonNode report, String file, int line) {
        for (JsonNode o : report.get("observed")) {
            if (o.get("script").asText().endsWith("/" + file) && o.get("line").asInt() == line) {
                List<String> facts = new ArrayList<>();
                o.get("facts").forEach(f -> facts.add(f.asText()));
                return facts;
            }
        }
        throw new AssertionError("no observed statement " + file + ":" + line + " in " + report.get("observed"));
    }

    private static int count(Map<String, Set<String>> findings) {
        return findings.values().stream().mapToInt(Set::size).sum();
    }

    private static List<String> scratchDatabases() {
        return TestDatabase.column(
                TestDatabase.NAME, "SELECT datname FROM pg_database WHERE datname LIKE 'app_lint_%'");
    }

    /** The markers of the fixture cases, by {@code file:line} of the statement they precede. */
    private record Markers(Map<String, Map<String, Set<String>>> byKind) {

        static Markers read(Path dir) throws IOException {
            Map<String, Map<String, Set<String>>> byKind = new TreeMap<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    List<String[]> pending = new ArrayList<>();
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i).strip();
                        if (line.startsWith("-- expect")) {
                            String[] kv = line.substring(3).split(":", 2);
                            pending.add(new String[] {kv[0].strip(), kv[1].strip()});
                        } else if (!line.isEmpty() && !line.startsWith("--")) {
                            String at = file.getFileName() + ":" + (i + 1);
                            for (String[] marker : pending) {
                                Set<String> rules = byKind.computeIfAbsent(marker[0], k -> new TreeMap<>())
                                        .computeIfAbsent(at, k -> new TreeSet<>());
                                Arrays.stream(marker[1].split(","))
                                        .map(String::strip)
                                        .forEach(rules::add);
                            }
                            pending.clear();
                        }
                    }
                }
            }
            return new Markers(byKind);
        }

        Map<String, Set<String>> expected(boolean observed) {
            Map<String, Set<String>> expected = new TreeMap<>();
            merge(expected, byKind.getOrDefault("expect", Map.of()));
            if (observed) {
                merge(expected, byKind.getOrDefault("expect-observed", Map.of()));
            }
            return expected;
        }

        Map<String, Set<String>> suppressed() {
            return new TreeMap<>(byKind.getOrDefault("expect-suppressed", Map.of()));
        }

        Set<String> positive() {
            Set<String> rules = new TreeSet<>();
            for (String kind : List.of("expect", "expect-observed", "expect-suppressed")) {
                byKind.getOrDefault(kind, Map.of()).values().forEach(rules::addAll);
            }
            return rules;
        }

        Set<String> negative() {
            Set<String> rules = new TreeSet<>();
            byKind.getOrDefault("expect-none", Map.of()).values().forEach(rules::addAll);
            return rules;
        }

        private static void merge(Map<String, Set<String>> into, Map<String, Set<String>> from) {
            from.forEach((at, rules) ->
                    into.computeIfAbsent(at, k -> new TreeSet<>()).addAll(rules));
        }
    }
}
