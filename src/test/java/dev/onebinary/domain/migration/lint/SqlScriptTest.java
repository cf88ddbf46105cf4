package dev.onebinary.domain.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsOnSemicolonsOutsideStringsIdentifiersCommentsAndDollarQuotes() {
        List<Statement> statements = SqlScript.statements("""
                -- header; not a statement
                INSERT INTO t VALUES ('a;b', E'it\\'s;', "odd;name");
                /* block; /* nested; */ still comment */
                CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
                SELECT $$;$$
                """);

        assertThat(statements).extracting(Statement::line).containsExactly(2, 4, 5);
        assertThat(statements.get(0).text()).isEqualTo("INSERT INTO t VALUES ('a;b', E'it\\'s;', \"odd;name\")");
        assertThat(statements.get(1).tokens())
                .filteredOn(t -> t.kind() == Token.Kind.STRING)
                .extracting(Token::text)
                .containsExactly(" SELECT 1; ");
        assertThat(statements.get(2).text()).isEqualTo("SELECT $$;$$");
    }

    @Test
    void commentsBelongToTheStatementTheyPrecedeOrEndTheLineOf() {
        List<Statement> statements = SqlScript.statements("""
                CREATE TABLE a (id int); -- about a
                -- about b
                CREATE TABLE b (id int);
                """);

        assertThat(statements.get(0).comments()).extracting(Comment::text).containsExactly("about a");
        assertThat(statements.get(1).comments()).extracting(Comment::text).containsExactly("about b");
    }

    @Test
    void keywordsCompareCaseInsensitivelyAndQuotedIdentifiersKeepTheirCase() {
        Statement s =
                SqlScript.statements("alter TABLE \"Orders\" add column x int").getFirst();

        assertThat(s.startsWith("ALTER", "TABLE")).isTrue();
        assertThat(Names.read(s, 2).name()).isEqualTo("Orders");
        assertThat(s.token(2).is("ORDERS"))
                .as("a quoted identifier is never a keyword")
                .isFalse();
    }

    @Test
    void aSuppressionNeedsAKnownRuleAndAReason() {
        Statement s = SqlScript.statements("""
                -- app:lint-ignore require-concurrent-index: the table is empty in every environment
                -- app:lint-ignore drop-column
                CREATE INDEX i ON t (c)
                """).getFirst();
        Finding index = Finding.of(Rule.REQUIRE_CONCURRENT_INDEX, "V9__x.sql", s, "CREATE INDEX i");

        List<Finding> result = Suppressions.apply("V9__x.sql", s, List.of(index));

        assertThat(result)
                .extracting(Finding::rule, Finding::suppressed)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("require-concurrent-index", true),
                        org.assertj.core.groups.Tuple.tuple("invalid-suppression", false));
        assertThat(result)
                .filteredOn(Finding::suppressed)
                .singleElement()
                .extracting(Finding::reason)
                .isEqualTo("the table is empty in every environment");
    }
}
