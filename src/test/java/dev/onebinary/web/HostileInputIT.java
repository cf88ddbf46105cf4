package dev.onebinary.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.onebinary.support.AppProcess;
import dev.onebinary.support.FreshDatabase;
import dev.onebinary.support.Http;
import dev.onebinary.support.RawHttp;
import dev.onebinary.web.HostileCorpus.Expect;
import dev.onebinary.web.HostileCorpus.Probe;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web process, as a real process, against a corpus of hostile requests sent as raw bytes ({@link HostileCorpus}):
 * no answer in 5xx, every refusal an {@code application/problem+json} with status, title and detail, every valid
 * payload stored exactly as sent (read back and compared, numbers to the last digit), nothing refused stored, no
 * unexpected error in the log, and the process still serving afterwards.
 */
class HostileInputIT {

    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    @RegisterExtension
    final FreshDatabase db = new FreshDatabase();

    @Test
    void hostileRequestsGetProblemsNeverA5xxAndValidOnesAreStoredExactly() throws Exception {
        List<Probe> corpus = HostileCorpus.all();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(500);
        int port = Http.freePort();
        AppProcess.Running web = db.app()
                .env("QUARKUS_HTTP_PORT", Integer.toString(port))
                // The fresh database is migrated by the process itself, which saves starting one more.
                .env("QUARKUS_FLYWAY_MIGRATE_AT_START", "true")
                .start();
        try {
            Http.awaitStatus(port, "/q/health/ready", 200, Duration.ofSeconds(60), web);
            long started = System.nanoTime();
            List<String> failures = new ArrayList<>();
            Map<String, Integer> statuses = new TreeMap<>();
            Map<Long, Probe> stored = new TreeMap<>();
            for (Probe probe : corpus) {
                RawHttp.Response response = RawHttp.send(port, probe.request());
                statuses.merge(probe.cause() + " " + response.status(), 1, Integer::sum);
                String failure = check(probe, response, stored);
                if (failure != null) {
                    failures.add(probe + ": " + failure + "\n    got " + response);
                }
            }
            for (Map.Entry<Long, Probe> s : stored.entrySet()) {
                Http.Response again = Http.get(port, "/records/" + s.getKey());
                if (again.status() != 200
                        || !sameJson(
                                EXACT.readTree(again.body()).get("payload"),
                                s.getValue().payload())) {
                    failures.add(s.getValue() + ": read back differs: " + again);
                }
            }
            System.out.printf(
                    "hostile corpus: %d requests in %d ms, %d stored; status by cause: %s%n",
                    corpus.size(), (System.nanoTime() - started) / 1_000_000, stored.size(), statuses);

            assertThat(failures).as("probes that got the wrong answer").isEmpty();
            assertThat((Long) db.scalar("SELECT count(*) FROM records"))
                    .as("exactly the valid payloads are stored, nothing refused")
                    .isEqualTo((long) stored.size());
            assertThat(web.process().isAlive()).isTrue();
            assertThat(Http.get(port, "/q/health/live").status()).isEqualTo(200);
            assertThat(RawHttp.send(
                                    port,
                                    RawHttp.request(
                                            "POST",
                                            "/records",
                                            Map.of("Content-Type", "application/json"),
                                            "{\"payload\":{\"after\":\"all that\"}}".getBytes()))
                            .status())
                    .isEqualTo(201);
            assertThat(web.stdout() + web.stderr())
                    .as("no request was an unexpected error")
                    .doesNotContain("unexpected error", "ERROR", "Exception");
        } finally {
            web.signal("TERM");
            web.await(Duration.ofSeconds(30));
        }
    }

    /** Why the answer is wrong for the probe, or null when it is right. */
    private static String check(Probe probe, RawHttp.Response r, Map<Long, Probe> stored) throws IOException {
        if (r.status() >= 500) {
            return "a 5xx";
        }
        if (probe.expect() == Expect.CODEC) {
            return null;
        }
        if (r.status() == 0) {
            return "no answer";
        }
        if (r.status() >= 400) {
            String problem = problemFailure(r);
            if (problem != null) {
                return problem;
            }
        }
        return switch (probe.expect()) {
            case REFUSED -> r.status() == probe.status() ? null : "expected " + probe.status();
            case ANSWERED -> r.status() < 300 ? null : "expected a 2xx";
            case NOT_5XX, CODEC -> null;
            case STORED -> {
                if (r.status() != 201) {
                    yield "expected 201";
                }
                JsonNode record = EXACT.readTree(r.body());
                long id = record.get("id").asLong();
                stored.put(id, probe);
                if (!("/records/" + id).equals(r.header("Location"))) {
                    yield "Location is not the relative /records/" + id;
                }
                yield sameJson(record.get("payload"), probe.payload())
                        ? null
                        : "stored payload differs from the one sent";
            }
        };
    }

    private static String problemFailure(RawHttp.Response r) {
        String type = r.header("Content-Type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return "a " + r.status() + " that is not application/problem+json";
        }
        try {
            JsonNode problem = EXACT.readTree(r.body());
            if (problem.path("status").asInt() != r.status()
                    || problem.path("title").asText().isBlank()
                    || problem.path("detail").asText().isBlank()) {
                return "a problem without status, title or detail";
            }
        } catch (IOException e) {
            return "a problem body that is not JSON";
        }
        String body = r.text();
        return body.contains("Exception") || body.contains("\tat ") ? "a problem that leaks a stack trace" : null;
    }

    /** Equal as JSON values: same keys, same strings, numbers equal as decimals (1.50 = 1.5, 1E2 = 100). */
    static boolean sameJson(JsonNode actual, String expectedJson) throws IOException {
        return sameJson(actual, EXACT.readTree(expectedJson));
    }

    private static boolean sameJson(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
            return false;
        }
        if (a.isObject()) {
            for (Iterator<String> names = b.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!sameJson(a.get(name), b.get(name))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
            for (int i = 0; i < a.size(); i++) {
                if (!sameJson(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
