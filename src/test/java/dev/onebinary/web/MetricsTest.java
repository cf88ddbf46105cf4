package dev.onebinary.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onebinary.support.PrometheusText;
import dev.onebinary.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@code /q/metrics} of the web process: Prometheus text with HTTP, datasource pool and records-by-status metrics. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsTest {

    /** First: the records gauges have not been counted yet in this application, so they match the table now. */
    @Test
    @Order(1)
    void scrapeIsPrometheusTextWithHttpPoolAndRecordsByStatus() {
        given().contentType(ContentType.JSON)
                .body("{\"payload\": {\"kind\": \"order\", \"n\": 1}}")
                .post("/records")
                .then()
                .statusCode(201);
        long pending = count("pending");
        long processed = count("processed");
        long invalid = count("invalid");

        PrometheusText scrape = scrape();

        assertThat(scrape.type("http_server_requests_seconds"))
                .as("HTTP server metrics")
                .isPresent();
        assertThat(scrape.value("http_server_requests_seconds_count", Map.of("uri", "/records", "method", "POST")))
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape.type("agroal_active_count"))
                .as("datasource pool metrics")
                .contains("gauge");
        assertThat(scrape.value("agroal_max_used_count", Map.of("datasource", "default")))
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape.type("app_records")).contains("gauge");
        assertThat(scrape.value("app_records", Map.of("status", "pending"))).isEqualTo(pending);
        assertThat(scrape.value("app_records", Map.of("status", "processed"))).isEqualTo(processed);
        assertThat(scrape.value("app_records", Map.of("status", "invalid"))).isEqualTo(invalid);
    }

    @Test
    @Order(2)
    void recordsByStatusIsCountedAtMostOncePerRefresh() {
        double before = pendingGauge();
        given().contentType(ContentType.JSON)
                .body("{\"payload\": {\"kind\": \"order\", \"n\": 2}}")
                .post("/records")
                .then()
                .statusCode(201);

        // app.metrics.records-refresh is 10 s: a scrape right after another reads the same answer.
        assertThat(pendingGauge()).isEqualTo(before);
    }

    private static double pendingGauge() {
        return scrape().value("app_records", Map.of("status", "pending"));
    }

    /** A scrape in the Prometheus text format (without this Accept header Quarkus answers OpenMetrics). */
    private static PrometheusText scrape() {
        Response response = given().accept("text/plain").get("/q/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/plain; version=0.0.4");
        return PrometheusText.parse(response.asString());
    }

    private static long count(String status) {
        return (Long)
                TestDatabase.scalar(TestDatabase.NAME, "SELECT count(*) FROM records WHERE status = '" + status + "'");
    }
}
