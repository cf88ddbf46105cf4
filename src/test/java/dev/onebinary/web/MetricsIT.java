package dev.onebinary.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The web process' metrics, scraped from the packaged application (the jar, or target/app with -Dnative). */
@QuarkusIntegrationTest
class MetricsIT extends MetricsTest {}
