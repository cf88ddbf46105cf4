package dev.onebinary.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void secretLookingKeysAreMaskedWhole() {
        assertThat(Secrets.mask("quarkus.datasource.password", "hunter2")).isEqualTo("****");
        assertThat(Secrets.mask("app.stripe.api-key", "sk_live_1")).isEqualTo("****");
        assertThat(Secrets.mask("app.webhook.secret", "x")).isEqualTo("****");
        assertThat(Secrets.mask("app.console.datasource.password", "x")).isEqualTo("****");
        assertThat(Secrets.mask("quarkus.http.port", "8080")).isEqualTo("8080");
    }

    @Test
    void passwordsInsideUrlsAreMasked() {
        assertThat(Secrets.mask(
                        "quarkus.datasource.jdbc.url", "jdbc:postgresql://h/db?user=a&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&password=****&ssl=true");
        assertThat(Secrets.mask("app.upstream", "https://bob:hunter2@example.test/x"))
                .isEqualTo("https://bob:****@example.test/x");
    }

    @Test
    void secretOptionValuesAreMaskedInArguments() {
        assertThat(Secrets.maskArguments("--batch-size", "10", "--api-token", "t0k3n", "--db-password=hunter2"))
                .containsExactly("--batch-size", "10", "--api-token", "****", "--db-password=****");
        assertThat(Secrets.maskArguments("-c", "select 1", "postgres://u:hunter2@h/db"))
                .containsExactly("-c", "select 1", "postgres://u:****@h/db");
    }

    @Test
    void passwordLiteralsOfRoleStatementsAreMaskedInEveryQuotingForm() {
        assertThat(Secrets.maskSql("ALTER ROLE app PASSWORD 'hunter2'")).isEqualTo("ALTER ROLE app PASSWORD '****'");
        assertThat(Secrets.maskSql("create role x login encrypted password 'it''s' valid until 'infinity'"))
                .isEqualTo("create role x login encrypted password '****' valid until 'infinity'");
        assertThat(Secrets.maskSql("ALTER USER x WITH PASSWORD E'hun\\'ter2' LOGIN"))
                .isEqualTo("ALTER USER x WITH PASSWORD '****' LOGIN");
        assertThat(Secrets.maskSql("ALTER ROLE x PASSWORD $$hunter2$$")).isEqualTo("ALTER ROLE x PASSWORD '****'");
        assertThat(Secrets.maskSql("ALTER ROLE x PASSWORD $p$hun'ter$p$ VALID UNTIL 'x'"))
                .isEqualTo("ALTER ROLE x PASSWORD '****' VALID UNTIL 'x'");
        assertThat(Secrets.maskSql("ALTER ROLE x PASSWORD U&'hunter2'")).isEqualTo("ALTER ROLE x PASSWORD '****'");
        assertThat(Secrets.maskSql("ALTER ROLE x PASSWORD 'unterminated and more"))
                .isEqualTo("ALTER ROLE x PASSWORD '****'");
        assertThat(Secrets.maskSql("ALTER ROLE x PASSWORD NULL")).isEqualTo("ALTER ROLE x PASSWORD NULL");
    }

    @Test
    void secretValuesInOptionsPairsAndSettingsAreMasked() {
        assertThat(Secrets.maskSql("CREATE USER MAPPING FOR app SERVER s OPTIONS (user 'u', password 'p4ss')"))
                .isEqualTo("CREATE USER MAPPING FOR app SERVER s OPTIONS (user 'u', password '****')");
        assertThat(Secrets.maskSql("SELECT dblink_connect('host=h user=u password=p4ss dbname=d')"))
                .isEqualTo("SELECT dblink_connect('host=h user=u password=**** dbname=d')");
        assertThat(Secrets.maskSql("SELECT 'jdbc:postgresql://h/db?user=u&password=p4ss&ssl=true'"))
                .isEqualTo("SELECT 'jdbc:postgresql://h/db?user=u&password=****&ssl=true'");
        assertThat(Secrets.maskSql("SELECT 'postgres://u:p4ss@h:5432/db'"))
                .isEqualTo("SELECT 'postgres://u:****@h:5432/db'");
        assertThat(Secrets.maskSql("SELECT set_config('app.secret', 'p4ss', false)"))
                .isEqualTo("SELECT set_config('app.secret', '****', false)");
        assertThat(Secrets.maskSql("SELECT * FROM users WHERE api_token = 'abc123'"))
                .isEqualTo("SELECT * FROM users WHERE api_token = '****'");
        assertThat(Secrets.maskSql("SELECT 'x?secret=abc&token=def'")).isEqualTo("SELECT 'x?secret=****&token=****'");
    }

    @Test
    void ordinaryStatementsAreLeftAlone() {
        for (String sql : new String[] {
            "SELECT 'password' AS label, count(*) FROM t",
            "select r from RecordEntity r where r.status = 'invalid'",
            "UPDATE records SET status = 'pending' WHERE id = 1",
            "SELECT $$ a dollar string $$"
        }) {
            assertThat(Secrets.maskSql(sql)).isEqualTo(sql);
            assertThat(Secrets.containsSecret(sql)).isFalse();
        }
        assertThat(Secrets.containsSecret("ALTER ROLE app PASSWORD 'hunter2'")).isTrue();
    }

    @Test
    void aStatementPassedAsAnArgumentIsMaskedInTheLedgerArguments() {
        assertThat(Secrets.maskArguments("--sql", "-c", "ALTER ROLE app PASSWORD 'hunter2'"))
                .containsExactly("--sql", "-c", "ALTER ROLE app PASSWORD '****'");
        assertThat(Secrets.maskArguments("-c=ALTER ROLE app PASSWORD 'hunter2'"))
                .containsExactly("-c=ALTER ROLE app PASSWORD '****'");
    }

    @Test
    void aDatabaseMessageQuotingASecretOfTheStatementIsRedacted() {
        String statement = "ALTER ROLE app PASSWORD 'hunter2";
        assertThat(Secrets.redact("unterminated quoted string at or near \"'hunter2\"", statement))
                .isEqualTo("unterminated quoted string at or near \"'****\"")
                .doesNotContain("hunter2");
        assertThat(Secrets.redact("syntax error at or near \"hunter2\"", "ALTER ROLE x PASSWORD 'hunter2' garbage"))
                .isEqualTo("syntax error at or near \"****\"");
        assertThat(Secrets.redact("relation \"t\" does not exist", "SELECT * FROM t"))
                .isEqualTo("relation \"t\" does not exist");
    }

    @Test
    void hugeAndPathologicalLiteralsAreMaskedWithoutOverflowingTheStack() {
        // A 10 000-character password once made the literal pattern recurse until the stack overflowed.
        for (String body :
                new String[] {"x".repeat(1_000_000), "''".repeat(200_000) + "hunter2", "\\'".repeat(200_000) + "hunter2"
                }) {
            String statement = "ALTER ROLE app PASSWORD " + (body.startsWith("\\") ? "E'" : "'") + body + "'";
            assertThat(Secrets.maskSql(statement)).isEqualTo("ALTER ROLE app PASSWORD '****'");
            assertThat(Secrets.redact("syntax error near " + body, statement)).doesNotContain("hunter2", "xxxx");
        }
    }

    @Test
    void theFallbackMasksEveryLiteralWhateverItsForm() {
        assertThat(Secrets.maskEveryLiteral("SELECT 'a''b', E'c\\'d', $$e$$, $t$f$t$, 'unterminated password=p4ss"))
                .isEqualTo("SELECT '****', E'****', $$****$$, $t$****$t$, '****'");
        assertThat(Secrets.maskEveryLiteral("SELECT dblink_connect(x) -- password=p4ss"))
                .isEqualTo("SELECT dblink_connect(x) -- password=****");
    }

    @Test
    void aMessageQuotingAStatementIsMaskedLikeTheStatement() {
        assertThat(Secrets.maskInText("syntax error at or near \"x\" in ALTER ROLE app PASSWORD 'hunter2' x"))
                .doesNotContain("hunter2");
        assertThat(Failures.of(new AppException(ExitCode.FAILED, "bad: api_token = 'abc123' and //u:hunter2@h/db"))
                        .message())
                .isEqualTo("bad: api_token = '****' and //u:****@h/db");
    }
}
