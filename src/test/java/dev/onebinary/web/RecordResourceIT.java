package dev.onebinary.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The records API against the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class RecordResourceIT extends RecordResourceTest {}
