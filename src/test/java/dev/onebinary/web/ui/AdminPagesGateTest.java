package dev.onebinary.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Failures;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The web process refuses to serve the admin pages without a login: one line, exit 3 (unusable configuration). Plain
 * values, no Quarkus: the check reads its own settings and, for OIDC, the standard quarkus.oidc.* ones (absent here).
 */
class AdminPagesGateTest {

    private static UiConfig config(boolean enabled, String user, String password) {
        return new UiConfig() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public Optional<String> user() {
                return Optional.ofNullable(user);
            }

            @Override
            public Optional<String> password() {
                return Optional.ofNullable(password);
            }

            @Override
            public Duration stalledAfter() {
                return Duration.ofMinutes(1);
            }

            @Override
            public int pageSize() {
                return 50;
            }

            @Override
            public Duration refresh() {
                return Duration.ofSeconds(2);
            }
        };
    }

    @Test
    void pagesOnWithoutAnyLoginRefuseToStartWithExit3AndOneLine() {
        AdminPagesGate gate = new AdminPagesGate(config(true, null, null));
        assertThatThrownBy(() -> gate.refuseToServeWithoutLogin(null))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> {
                    Failures.Failure failure = Failures.of(e);
                    assertThat(failure.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
                    assertThat(failure.message())
                            .contains("APP_UI_USER", "APP_UI_PASSWORD", "QUARKUS_OIDC_TENANT_ENABLED")
                            .doesNotContain("\n", "Exception");
                });
    }

    @Test
    void aUserWithoutAPasswordOrABlankOneIsNoLogin() {
        assertThatThrownBy(() -> new AdminPagesGate(config(true, "ops", null)).refuseToServeWithoutLogin(null))
                .hasMessageContaining("APP_UI_PASSWORD is not set");
        assertThatThrownBy(() -> new AdminPagesGate(config(true, "ops", "  ")).refuseToServeWithoutLogin(null))
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> new AdminPagesGate(config(true, null, "secret")).refuseToServeWithoutLogin(null))
                .hasMessageContaining("APP_UI_USER is not set");
    }

    @Test
    void aUserAndPasswordOrPagesOffStart() {
        assertThatCode(() -> new AdminPagesGate(config(true, "ops", "secret")).refuseToServeWithoutLogin(null))
                .doesNotThrowAnyException();
        assertThatCode(() -> new AdminPagesGate(config(false, null, null)).refuseToServeWithoutLogin(null))
                .doesNotThrowAnyException();
    }

    @Test
    void basicLoginComparesBothWholeAndNeverAcceptsAnUnsetOrBlankPassword() {
        BasicLogin login = new BasicLogin(config(true, "ops", "secret"));
        assertThat(login.matches("ops", "secret")).isTrue();
        assertThat(login.matches("ops", "secret ")).isFalse();
        assertThat(login.matches("ops", "secre")).isFalse();
        assertThat(login.matches("OPS", "secret")).isFalse();
        assertThat(login.matches("ops", "")).isFalse();
        assertThat(new BasicLogin(config(true, "ops", null)).matches("ops", "")).isFalse();
        assertThat(new BasicLogin(config(true, "ops", "")).matches("ops", "")).isFalse();
    }
}
