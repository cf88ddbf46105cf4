package dev.onebinary.admin;

import dev.onebinary.domain.migration.lint.Finding;
import dev.onebinary.domain.migration.lint.LintReport;
import dev.onebinary.domain.migration.lint.ObservedStatement;
import java.io.PrintWriter;
import java.util.List;

/** The text form of lint findings, shared by {@code migrate lint}, {@code migrate --check} and {@code --dry-run}. */
final class LintText {

    private LintText() {}

    /** {@code script:line: rule: message}, then why and the safe alternative, indented; suppressed ones in brief. */
    static void findings(PrintWriter out, List<Finding> findings) {
        for (Finding f : findings) {
            if (f.suppressed()) {
                out.printf("%s:%d: %s (suppressed: %s)%n", f.script(), f.line(), f.rule(), f.reason());
                continue;
            }
            out.printf("%s:%d: %s: %s%n", f.script(), f.line(), f.rule(), f.message());
            out.printf("    why:  %s%n", f.why());
            out.printf("    safe: %s%n", f.safe());
        }
    }

    static void report(PrintWriter out, LintReport report) {
        if (report.observedUnavailable() != null) {
            out.println("observed mode unavailable: " + report.observedUnavailable());
        }
        findings(out, report.findings());
        if (!report.observed().isEmpty()) {
            out.printf("observed on a scratch database built up to schema %s:%n", report.schema());
            for (ObservedStatement o : report.observed()) {
                out.printf("  %s:%d  %s%n      %s%n", o.script(), o.line(), o.statement(), o.summary());
            }
        }
        out.printf(
                "lint (%s): %d migration(s), %d finding(s), %d suppressed%n",
                report.mode(), report.scripts().size(), report.unsuppressed(), report.suppressed());
        out.flush();
    }

    /** A script's SQL with each finding printed as a comment under the statement it is about. */
    static void annotated(PrintWriter out, String sql, List<Finding> findings) {
        List<String> lines = sql.stripTrailing().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            out.println(lines.get(i));
            int line = i + 1;
            for (Finding f : findings) {
                if (f.endLine() == line || line == lines.size() && f.endLine() > line) {
                    out.println(
                            f.suppressed()
                                    ? "-- ^ lint " + f.rule() + " (line " + f.line() + ") suppressed: " + f.reason()
                                    : "-- ^ lint " + f.rule() + " (line " + f.line() + "): " + f.message() + "; safe: "
                                            + f.safe());
                }
            }
        }
    }

    /** The one-line refusal: the first finding, and how many more. */
    static String refusal(LintReport report) {
        Finding first = report.unsuppressedFindings().getFirst();
        int more = report.unsuppressed() - 1;
        return first.script() + ":" + first.line() + " " + first.rule() + ": " + first.message()
                + (more > 0 ? " (and " + more + " more)" : "");
    }
}
