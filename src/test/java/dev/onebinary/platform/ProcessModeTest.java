package dev.onebinary.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessModeTest {

    @Test
    void noSubcommandAndServeAreTheWebProcess() {
        assertThat(ProcessMode.of().label()).isEqualTo("web");
        assertThat(ProcessMode.of("serve").serving()).isTrue();
    }

    @Test
    void workerAndAdminCommandsDoNotServe() {
        assertThat(ProcessMode.of("worker").label()).isEqualTo("worker");
        assertThat(ProcessMode.of("worker").serving()).isFalse();
        assertThat(ProcessMode.of("migrate", "--dry-run").label()).isEqualTo("admin:migrate");
        assertThat(ProcessMode.of("migrate").serving()).isFalse();
    }

    @Test
    void topLevelOptionsNeverServe() {
        assertThat(ProcessMode.of("--help").serving()).isFalse();
        assertThat(ProcessMode.of("--version").label()).isEqualTo("admin:version");
    }

    @Test
    void onlyTheWebProcessAndTheConsoleStartHibernate() {
        assertThat(ProcessMode.of().usesOrm()).isTrue();
        assertThat(ProcessMode.of("console", "--write").usesOrm()).isTrue();
        assertThat(ProcessMode.of("worker").usesOrm()).isFalse();
        assertThat(ProcessMode.of("migrate").usesOrm()).isFalse();
        assertThat(ProcessMode.of("version").usesOrm()).isFalse();
    }
}
