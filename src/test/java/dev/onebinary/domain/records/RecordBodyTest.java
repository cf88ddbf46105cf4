package dev.onebinary.domain.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordBodyTest {

    private final RecordBody body = new RecordBody(RecordBody.Limits.DEFAULTS);

    @Test
    void aRecordGivesItsPayloadWithNumbersExactlyAsSent() {
        assertThat(body.payloadJson(
                        "{\"payload\": {\"n\": 12345678901234567890.5, \"m\": 1.50, \"big\": 18446744073709551616,"
                                + " \"e\": 1.5e3, \"z\": -0, \"s\": \"é\uD83D\uDE00\", \"a\": [1, null, true,"
                                + " {\"k\": -0.001, \"o\": {}, \"l\": []}]}}"))
                .isEqualTo("{\"n\":12345678901234567890.5,\"m\":1.50,\"big\":18446744073709551616,\"e\":1500,\"z\":0,"
                        + "\"s\":\"é\uD83D\uDE00\",\"a\":[1,null,true,{\"k\":-0.001,\"o\":{},\"l\":[]}]}");
    }

    @Test
    void theSameKeyInTwoObjectsIsNoDuplicate() {
        assertThat(body.payloadJson("{\"payload\": {\"o\": {\"a\": 1}, \"p\": [{\"a\": 2}, {\"a\": 3}], \"a\": 4}}"))
                .isEqualTo("{\"o\":{\"a\":1},\"p\":[{\"a\":2},{\"a\":3}],\"a\":4}");
    }

    @Test
    void bytesAndTextGiveTheSamePayload() {
        String line = "{\"payload\":{\"kind\":\"order\",\"n\":7}}";
        assertThat(body.payloadJson(line.getBytes(StandardCharsets.UTF_8))).isEqualTo(body.payloadJson(line));
        assertThat(body.payloadJson(line.getBytes(StandardCharsets.UTF_8))).isEqualTo("{\"kind\":\"order\",\"n\":7}");
    }

    @Test
    void everyRecordThatCannotBeStoredAsSentIsRefusedWithAOneLineReason() {
        Map<String, String> refusals = Map.ofEntries(
                Map.entry("", "empty"),
                Map.entry("[]", "\"payload\" object"),
                Map.entry("{\"payload\": []}", "\"payload\" is an array"),
                Map.entry("{\"payload\": 1}", "\"payload\" is a number"),
                Map.entry("{}", "\"payload\" object"),
                Map.entry("{\"payload\": {}, \"extra\": 1}", "unknown field \"extra\""),
                Map.entry("{\"payload\": {}, \"payload\": {}}", "duplicate key \"payload\""),
                Map.entry("{\"payload\": {}} xyz", "not valid JSON"),
                Map.entry("{\"payload\": {}} {}", "goes on after its JSON object"),
                Map.entry("{\"payload\": {\"a\": 1, \"a\": 2}}", "duplicate key \"a\""),
                Map.entry("{\"payload\": {\"a\": null, \"a\": null}}", "duplicate key \"a\""),
                Map.entry(
                        "{\"payload\": {\"o\": {\"a\": 1}, \"p\": {\"a\": 1, \"b\": [{\"a\": 1, \"a\": 2}]}}}",
                        "duplicate key \"a\""),
                Map.entry("{\"payload\": {\"s\": \"a\\u0000b\"}}", "\\u0000"),
                Map.entry("{\"payload\": {\"a\\u0000\": 1}}", "a key holds \\u0000"),
                Map.entry("{\"payload\": {\"s\": \"\\ud800\"}}", "unpaired surrogate \\ud800"),
                Map.entry("{\"payload\": {\"s\": \"\\udc00x\"}}", "unpaired surrogate \\udc00"),
                Map.entry("{\"payload\": {\"n\": 1e400}}", "more than 100 digits"),
                Map.entry("{\"payload\": {\"n\": 1e-400}}", "more than 100 digits"),
                Map.entry("{\"payload\": {\"n\": " + "9".repeat(101) + "}}", "more than 100 digits"),
                Map.entry("{\"payload\": {\"n\": NaN}}", "not valid JSON"),
                Map.entry("{\"payload\": {\"n\": Infinity}}", "not valid JSON"),
                Map.entry("{\"payload\": {\"n\": 01}}", "not valid JSON"),
                Map.entry("{\"payload\": {\"s\": \"" + "x".repeat(10_001) + "\"}}", "longer than 10000"),
                Map.entry("{\"payload\": {\"" + "k".repeat(201) + "\": 1}}", "longer than 200"),
                Map.entry("{\"payload\": {\"a\": " + "[".repeat(32) + "]".repeat(32) + "}}", "deeper than 32"),
                Map.entry("{\"payload\": {\"a\": " + "[".repeat(100_000) + "}}", "deeper than 32"),
                Map.entry("{\"payload\": {\"a\": 1,}}", "not valid JSON"),
                Map.entry("{\"payload\": {\"a\": 1}", "not valid JSON"));
        refusals.forEach((record, reason) -> assertThatThrownBy(() -> body.payloadJson(record))
                .as(record.length() > 60 ? record.substring(0, 60) : record)
                .isInstanceOf(RecordBody.Refused.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("\n", "Exception", "jackson")
                        .hasSizeLessThan(400)));
    }

    @Test
    void theDepthLimitCountsThePayloadAsLevelOne() {
        assertThat(body.payloadJson("{\"payload\": {\"a\": " + "[".repeat(31) + "]".repeat(31) + "}}"))
                .isNotNull();
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNeverReplaced() {
        for (byte[] bad : new byte[][] {
            {'{', '"', 'p', '"', ':', (byte) 0xFF, '}'},
            {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'},
            "{\"payload\": {\"s\": \"\u00e9\"}}".getBytes(StandardCharsets.ISO_8859_1),
            {'{', '"', 'p', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, // an encoded surrogate (CESU-8)
            {'{', (byte) 0xC0, (byte) 0xAF, '}'}, // an overlong '/'
        }) {
            assertThatThrownBy(() -> body.payloadJson(bad))
                    .isInstanceOf(RecordBody.Refused.class)
                    .hasMessageMatching(
                            "the record (is not valid UTF-8 \\(byte \\d+ of \\d+\\)|starts with a byte order"
                                    + " mark.*)");
        }
        assertThatThrownBy(() -> body.payloadJson(new byte[0])).hasMessageContaining("empty");
    }

    @Test
    void limitsAreTheCallersOwn() {
        RecordBody strict = new RecordBody(new RecordBody.Limits(2, 3, 4, 5));
        assertThat(strict.payloadJson("{\"payload\": {\"abc\": [\"abcd\", 12345]}}"))
                .isNotNull();
        assertThatThrownBy(() -> strict.payloadJson("{\"payload\": {\"abc\": [[]]}}"))
                .hasMessageContaining("deeper than 2");
        assertThatThrownBy(() -> strict.payloadJson("{\"payload\": {\"abcd\": 1}}"))
                .hasMessageContaining("longer than 3");
        assertThatThrownBy(() -> strict.payloadJson("{\"payload\": {\"a\": \"abcde\"}}"))
                .hasMessageContaining("longer than 4");
        assertThatThrownBy(() -> strict.payloadJson("{\"payload\": {\"a\": 1.23456}}"))
                .hasMessageContaining("5 digits");
    }
}
