package dev.onebinary.support;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Decides the tests' database once per test JVM, before the first test (Surefire's, Failsafe's, an IDE's), and stops
 * the embedded server, when it started one, after the last. Registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class TestDatabaseSession implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        TestDatabase.origin();
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TestDatabase.stopEmbedded();
    }
}
