package dev.onebinary.domain.migration.lint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inline suppressions: {@code -- app:lint-ignore RULE[, RULE...]: REASON} before a statement (or on the line where it
 * ends) suppresses those rules' findings for that statement only. A suppression without a reason, or naming an
 * unknown rule, suppresses nothing and is itself a finding.
 */
final class Suppressions {

    private static final Pattern IGNORE =
            Pattern.compile("app:lint-ignore\\b\\s*([^:]*?)\\s*(?::(.*))?$", Pattern.CASE_INSENSITIVE);

    private Suppressions() {}

    /** The statement's findings with suppressions applied, plus a finding for each invalid suppression comment. */
    static List<Finding> apply(String script, Statement statement, List<Finding> findings) {
        Map<String, String> reasons = new HashMap<>();
        List<Finding> result = new ArrayList<>();
        for (Comment comment : statement.comments()) {
            Matcher m = IGNORE.matcher(comment.text());
            if (!m.find()) {
                continue;
            }
            String reason = m.group(2) == null ? "" : m.group(2).strip();
            List<String> ids = Arrays.stream(m.group(1).split("[,\\s]+"))
                    .map(s -> s.strip().toLowerCase(Locale.ROOT))
                    .filter(s -> !s.isEmpty())
                    .toList();
            List<String> unknown = ids.stream()
                    .filter(id -> Rule.byId(id).filter(Rule::suppressible).isEmpty())
                    .toList();
            if (ids.isEmpty() || !unknown.isEmpty() || reason.isEmpty()) {
                String problem = ids.isEmpty()
                        ? "names no rule"
                        : !unknown.isEmpty()
                                ? "names unknown rule(s) " + String.join(", ", unknown)
                                : "gives no reason";
                result.add(Finding.of(
                        Rule.INVALID_SUPPRESSION,
                        script,
                        statement.line(),
                        statement.endLine(),
                        statement.excerpt(),
                        "the lint-ignore comment at line " + comment.line() + " " + problem + ": it suppresses nothing",
                        "static"));
                continue;
            }
            ids.forEach(id -> reasons.put(id, reason));
        }
        for (Finding f : findings) {
            String reason = reasons.get(f.rule());
            result.add(reason == null ? f : f.suppress(reason));
        }
        result.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return result;
    }
}
