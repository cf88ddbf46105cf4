package dev.onebinary.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RecordResourceTest {

    @Test
    void submittingARecordStoresItPendingAndPointsToIt() {
        String location = given().contentType(ContentType.JSON)
                .body("{\"payload\": {\"kind\": \"order\", \"n\": 3}}")
                .when()
                .post("/records")
                .then()
                .statusCode(201)
                .header("Location", containsString("/records/"))
                .body("status", equalTo("pending"))
                .body("payload.kind", equalTo("order"))
                .body("payload.n", equalTo(3))
                .body("attempts", equalTo(0))
                .body("createdAt", notNullValue())
                .extract()
                .header("Location");
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));

        given().when()
                .get("/records/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo((int) id))
                .body("payload.kind", equalTo("order"))
                .body("error", nullValue());
    }

    @Test
    void bodyThatIsNotJsonIsRefusedWithAProblem() {
        long before = count();
        problem(given().contentType(ContentType.JSON).body("{not json").post("/records"), 400)
                .body("detail", containsString("not valid JSON"));
        assertNothingStored(before);
    }

    @Test
    void bodyWithoutAPayloadObjectIsRefused() {
        long before = count();
        for (String body : List.of("{}", "{\"payload\": 3}", "[1,2]", "{\"payload\": [1]}")) {
            problem(given().contentType(ContentType.JSON).body(body).post("/records"), 400)
                    .body("detail", containsString("\"payload\" object"));
        }
        assertNothingStored(before);
    }

    @Test
    void bodyOverTheLimitIsRefusedWith413() {
        long before = count();
        String big = "{\"payload\": {\"blob\": \"" + "x".repeat(70 * 1024) + "\"}}";
        problem(given().contentType(ContentType.JSON).body(big).post("/records"), 413)
                .body("detail", containsString("larger than 65536 bytes"));
        assertNothingStored(before);
    }

    @Test
    void unknownRecordIsA404Problem() {
        problem(given().get("/records/987654321"), 404).body("detail", equalTo("no record with id 987654321"));
    }

    @Test
    void listingPagesThroughRecordsOfOneStatusWithACursor() {
        // The test database may hold any number of older records: page from just before the first of ours.
        List<Long> ours = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String location = given().contentType(ContentType.JSON)
                    .body("{\"payload\": {\"kind\": \"order\", \"n\": " + i + "}}")
                    .post("/records")
                    .then()
                    .statusCode(201)
                    .extract()
                    .header("Location");
            ours.add(Long.parseLong(location.substring(location.lastIndexOf('/') + 1)));
        }
        var first = given().queryParam("status", "pending")
                .queryParam("after", ours.getFirst() - 1)
                .queryParam("limit", 2)
                .get("/records")
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("items.status", everyItem(equalTo("pending")))
                .extract();
        assertThat(ids(first.path("items.id"))).containsExactly(ours.get(0), ours.get(1));
        assertThat(((Number) first.path("next")).longValue()).isEqualTo(ours.get(1));
        var last = given().queryParam("status", "pending")
                .queryParam("after", ours.get(1))
                .queryParam("limit", 500)
                .get("/records")
                .then()
                .statusCode(200)
                .body("next", nullValue())
                .extract();
        assertThat(ids(last.path("items.id"))).containsExactly(ours.get(2));
    }

    private static List<Long> ids(List<Number> ids) {
        return ids.stream().map(Number::longValue).toList();
    }

    @Test
    void badListParametersAreRefusedWithAProblem() {
        problem(given().queryParam("status", "done").get("/records"), 400)
                .body("detail", containsString("status must be pending, processed or invalid"));
        problem(given().queryParam("limit", 501).get("/records"), 400).body("detail", containsString("at most 500"));
        problem(given().queryParam("limit", 0).get("/records"), 400).body("detail", containsString("limit"));
        problem(given().queryParam("after", "abc").get("/records"), 400).body("detail", containsString("after"));
        problem(given().get("/records/abc"), 400).body("detail", containsString("id must be a whole number"));
    }

    @Test
    void numbersAreStoredExactlyAsSent() {
        String location = given().contentType(ContentType.JSON)
                .body("{\"payload\": {\"n\": 12345678901234567890.5, \"m\": 1.50, \"big\": 18446744073709551616}}")
                .post("/records")
                .then()
                .statusCode(201)
                .body(containsString("12345678901234567890.5"), containsString("1.50"))
                .extract()
                .header("Location");
        given().get(location)
                .then()
                .statusCode(200)
                .body(containsString("\"n\": 12345678901234567890.5"), containsString("18446744073709551616"));
    }

    @Test
    void inputThatCannotBeStoredAsSentIsRefusedWithTheReason() {
        long before = count();
        for (List<String> bodyAndReason : List.of(
                List.of("{\"payload\": {\"s\": \"a\\u0000b\"}}", "\\u0000"),
                List.of("{\"payload\": {\"s\": \"\\ud800\"}}", "unpaired surrogate"),
                List.of("{\"payload\": {\"n\": 1e400}}", "more than 100 digits"),
                List.of("{\"payload\": {\"a\": 1, \"a\": 2}}", "duplicate key \"a\""),
                List.of("{\"payload\": {}} xyz", "not valid JSON"),
                List.of("{\"payload\": {}, \"extra\": 1}", "unknown field \"extra\""),
                List.of("{\"payload\": {\"a\": " + "[".repeat(40) + "]".repeat(40) + "}}", "deeper than 32"))) {
            problem(
                            given().contentType(ContentType.JSON)
                                    .body(bodyAndReason.get(0))
                                    .post("/records"),
                            400)
                    .body("detail", containsString(bodyAndReason.get(1)));
        }
        problem(
                        given().contentType("application/json")
                                .body(new byte[] {'{', '"', 'p', '"', ':', (byte) 0xFF, '}'})
                                .post("/records"),
                        400)
                .body("detail", containsString("not valid UTF-8"));
        assertNothingStored(before);
    }

    @Test
    void locationIsRelativeWhateverTheHostHeaderSays() {
        given().contentType(ContentType.JSON)
                .header("Host", "evil.example")
                .body("{\"payload\": {}}")
                .post("/records")
                .then()
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.matchesPattern("/records/[0-9]+"));
    }

    @Test
    void numericParametersAreCheckedAsNumbersAgainstTheirRange() {
        for (String limit : List.of("2147483648", "4294967297", "99999999999999999999")) {
            problem(given().queryParam("limit", limit).get("/records"), 400)
                    .body("detail", containsString("at least 1 and at most 500, not '" + limit + "'"));
        }
        problem(given().queryParam("after", "-1").get("/records"), 400)
                .body("detail", containsString("at least 0 and at most 9223372036854775807"));
        problem(given().get("/records/9223372036854775808"), 400).body("detail", containsString("at most"));
    }

    @Test
    void openApiDocumentDescribesTheRecordsApi() {
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths.'/records'.post.summary", equalTo("Submit a record"));
    }

    private static io.restassured.response.ValidatableResponse problem(io.restassured.response.Response r, int status) {
        return r.then()
                .statusCode(status)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body(not(containsString("Exception")))
                .body(not(containsString("\tat ")))
                .body("instance", endsWith(""));
    }

    private static long count() {
        return RecordCounts.total();
    }

    private static void assertNothingStored(long before) {
        org.assertj.core.api.Assertions.assertThat(RecordCounts.total()).isEqualTo(before);
    }

    @Test
    void aClientThatUpgradesToHttp2HasEachRecordStoredOnceAndAnOversizedOneRefused() throws Exception {
        // Java's HttpClient (and curl --http2) asks to upgrade a plain-text request to h2c by default; the first POST
        // carries the upgrade, the next ones travel on the HTTP/2 connection it opened.
        HttpClient client = HttpClient.newHttpClient();
        long before = count();

        HttpResponse<String> upgraded = post(client, "{\"payload\": {\"kind\": \"order\", \"n\": 7}}");
        HttpResponse<String> second = post(client, "{\"payload\": {\"kind\": \"order\", \"n\": 8}}");
        HttpResponse<String> oversized = post(client, "{\"payload\": {\"big\": \"" + "x".repeat(70_000) + "\"}}");

        assertThat(upgraded.statusCode()).as(upgraded.body()).isEqualTo(201);
        assertThat(upgraded.body()).contains("\"n\": 7");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(oversized.statusCode()).isEqualTo(413);
        assertThat(oversized.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(oversized.body()).contains("larger than 65536 bytes");
        assertThat(count())
                .as("each accepted record stored once, the refused one not at all")
                .isEqualTo(before + 2);
    }

    private static HttpResponse<String> post(HttpClient client, String json) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + io.restassured.RestAssured.port + "/records"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
