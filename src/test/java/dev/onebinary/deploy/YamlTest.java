package dev.onebinary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.platform.deploy.Yaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manifest writer: what it writes reads back, through a real YAML parser, as exactly what it was given. */
class YamlTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Strings a plain YAML scalar would turn into something else, or that break a line or a quote. */
    private static final List<String> AWKWARD = List.of(
            "",
            " ",
            "yes",
            "No",
            "ON",
            "off",
            "y",
            "n",
            "true",
            "False",
            "null",
            "~",
            "Null",
            "nan",
            ".inf",
            "-.inf",
            "0",
            "007",
            "0x1F",
            "0o17",
            "1e3",
            "1_000",
            "12:30:00",
            "2026-11-29",
            "+1",
            "-1",
            "1.0",
            ".5",
            "- item",
            "-",
            "--dry-run",
            "key: value",
            "a:b",
            "a #b",
            "#c",
            "&anchor",
            "*alias",
            "!tag",
            "%x",
            "@x",
            "`x`",
            "|",
            ">",
            "[a]",
            "{a}",
            "'q'",
            "\"q\"",
            "back\\slash",
            "tab\there",
            "line\nbreak",
            "cr\rx",
            "trailing ",
            " leading",
            "\u0000nul",
            "bell\u0007",
            "del\u007f",
            "c1\u0085",
            "ls\u2028ps\u2029",
            "bom\ufeff",
            "é ü ß",
            "日本",
            "emoji \uD83D\uDE00",
            "app.kubernetes.io/name",
            "/q/health/ready",
            "registry.example.com/app:0.1.0",
            "100m",
            "128Mi",
            "RuntimeDefault",
            "NET_BIND");

    @Test
    void everyAwkwardStringReadsBackAsItselfAsKeyAndAsValue() throws Exception {
        Map<String, Object> tree = new LinkedHashMap<>();
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < AWKWARD.size(); i++) {
            String s = AWKWARD.get(i);
            tree.put(s.isEmpty() ? "empty" + i : s, s);
            list.add(s);
        }
        tree.put("list", list);
        tree.put("nested", Map.of("m", List.of(Map.of("a", 1), List.of("x", List.of()), Map.of())));
        tree.put("numbers", List.of(0, -1, 2147483647, 9_000_000_000L, true, false));
        tree.put("emptyMap", Map.of());
        tree.put("emptyList", List.of());

        JsonNode expected = JSON.valueToTree(tree);
        assertThat(Kustomize.YAML.readTree(Yaml.yaml(tree))).isEqualTo(expected);
    }

    @Test
    void aLoneSurrogateBecomesTheReplacementCharacter() throws Exception {
        // Not encodable in UTF-8; written as U+FFFD rather than as bytes no parser accepts.
        Map<String, Object> tree = Map.of("s", "lone \uD800 surrogate");
        assertThat(Kustomize.YAML.readTree(Yaml.yaml(tree)).get("s").asText()).isEqualTo("lone \uFFFD surrogate");
    }

    @Test
    void namesStayPlainAndNumbersLikeStringsAreQuoted() {
        String yaml = Yaml.yaml(Map.of("metadata", Map.of("name", "app-web"), "v", "0.1.0", "flag", "true"));
        assertThat(yaml)
                .contains("name: app-web\n")
                .contains("v: \"0.1.0\"\n")
                .contains("flag: \"true\"\n")
                .endsWith("\n");
    }

    @Test
    void listsOfMapsAreIndentedUnderTheirKey() {
        String yaml = Yaml.yaml(Map.of("containers", List.of(Map.of("name", "app"))));
        assertThat(yaml).isEqualTo("containers:\n  - name: app\n");
    }
}
