package dev.onebinary.web;

import dev.onebinary.support.TestDatabase;

/** Row counts of the tests' database, read over JDBC so they do not depend on the code under test. */
final class RecordCounts {
    private RecordCounts() {}

    static long total() {
        return (Long) TestDatabase.scalar(TestDatabase.NAME, "SELECT count(*) FROM records");
    }
}
