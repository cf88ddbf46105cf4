package dev.onebinary.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A JUnit extension that gives each test an empty database of its own and drops it afterwards. */
public final class FreshDatabase implements BeforeEachCallback, AfterEachCallback {

    private String name;

    public String name() {
        return name;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        name = TestDatabase.createEmpty(context.getRequiredTestMethod().getName());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestDatabase.drop(name);
    }

    public Object scalar(String sql) {
        return TestDatabase.scalar(name, sql);
    }

    public java.util.List<String> column(String sql) {
        return TestDatabase.column(name, sql);
    }

    public java.sql.Connection connect() throws java.sql.SQLException {
        return TestDatabase.connect(name);
    }

    public void execute(String sql) {
        TestDatabase.execute(name, sql);
    }

    /** The packaged application, pointed at this database. */
    public AppProcess app(String... args) {
        return AppProcess.app(args).database(name);
    }
}
