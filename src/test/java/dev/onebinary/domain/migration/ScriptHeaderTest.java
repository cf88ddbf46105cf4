package dev.onebinary.domain.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScriptHeaderTest {

    @Test
    void readsTheScriptsOwnTimeouts() {
        ScriptHeader header = ScriptHeader.of("V7__x.sql", """
                -- app:lock-timeout=30s
                --app:statement-timeout = 2h
                CREATE INDEX CONCURRENTLY i ON t (c);
                """);

        assertThat(header.lockTimeout()).contains(Duration.ofSeconds(30));
        assertThat(header.statementTimeout()).contains(Duration.ofHours(2));
    }

    @Test
    void withoutAHeaderTheDefaultsApply() {
        assertThat(ScriptHeader.of("V7__x.sql", "ALTER TABLE t ADD COLUMN c text;"))
                .isEqualTo(new ScriptHeader(Optional.empty(), Optional.empty()));
    }

    @Test
    void aScriptCannotSwitchATimeoutOffOrGiveNonsense() {
        assertThatThrownBy(() -> ScriptHeader.of("V7__x.sql", "-- app:lock-timeout=0s\nSELECT 1;"))
                .isInstanceOf(ScriptHeader.InvalidHeader.class)
                .hasMessageContaining("V7__x.sql: app:lock-timeout=0s is not usable");
        assertThatThrownBy(() -> ScriptHeader.of("V7__x.sql", "-- app:statement-timeout=soon\nSELECT 1;"))
                .isInstanceOf(ScriptHeader.InvalidHeader.class);
    }
}
