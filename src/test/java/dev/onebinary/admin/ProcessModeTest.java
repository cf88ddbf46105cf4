package dev.onebinary.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onebinary.platform.ProcessMode;
import dev.onebinary.platform.ProcessMode.Boot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The process type and what it needs come from the parsed command, not from the shape of the arguments. */
class ProcessModeTest {

    private static ProcessMode mode(String... args) {
        return Cli.parse(args).mode();
    }

    @Test
    void noSubcommandAndServeAreTheWebProcessWithHibernate() {
        assertThat(mode().label()).isEqualTo("web");
        assertThat(mode().boot()).isEqualTo(Boot.ORM);
        assertThat(mode("serve").serving()).isTrue();
    }

    @Test
    void workerAndAdminCommandsDoNotServe() {
        assertThat(mode("worker").label()).isEqualTo("worker");
        assertThat(mode("worker").serving()).isFalse();
        assertThat(mode("migrate", "--dry-run").label()).isEqualTo("admin:migrate");
        assertThat(mode("migrate", "status").label()).isEqualTo("admin:migrate");
        assertThat(mode("migrate").serving()).isFalse();
    }

    @Test
    void helpVersionUsageErrorsAndPrintingCommandsNeedNoRuntime() {
        assertThat(mode("--help").boot()).isEqualTo(Boot.NONE);
        assertThat(mode("--version").boot()).isEqualTo(Boot.NONE);
        assertThat(mode("migrate", "--help").boot()).isEqualTo(Boot.NONE);
        assertThat(mode("version").boot()).isEqualTo(Boot.NONE);
        assertThat(mode("tasks").boot()).isEqualTo(Boot.NONE);
        assertThat(mode("no-such-command").boot()).isEqualTo(Boot.NONE);
        assertThat(mode("fix-bad-records", "--batch-size", "0").boot()).isEqualTo(Boot.NONE);
        assertThat(mode("config").boot()).isEqualTo(Boot.CONFIG);
    }

    @Test
    void onlyTheWebProcessAndTheConsoleStartHibernate() {
        assertThat(mode("console", "--write").boot()).isEqualTo(Boot.ORM);
        assertThat(mode("worker").boot()).isEqualTo(Boot.DATABASE);
        assertThat(mode("migrate").boot()).isEqualTo(Boot.DATABASE);
        assertThat(mode("fix-bad-records").boot()).isEqualTo(Boot.DATABASE);
    }

    @Test
    void anArgfileIsExpandedBeforeTheProcessIsDecided() throws Exception {
        Path serve = Files.createTempFile("serve", ".args");
        Path console = Files.createTempFile("console", ".args");
        try {
            Files.writeString(serve, "serve\n");
            Files.writeString(console, "console --sql -c \"select 1\"\n");
            assertThat(mode("@" + serve).serving()).isTrue();
            assertThat(mode("@" + console).boot()).isEqualTo(Boot.ORM);
            assertThat(mode("@" + console).label()).isEqualTo("admin:console");
        } finally {
            Files.delete(serve);
            Files.delete(console);
        }
    }
}
