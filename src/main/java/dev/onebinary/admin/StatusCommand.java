package dev.onebinary.admin;

import dev.onebinary.domain.formation.Formation;
import dev.onebinary.domain.formation.ReleaseCheck;
import dev.onebinary.platform.ExitCode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code app status}: which releases run against this database now (web and worker processes by release and count,
 * gone ones shown as gone), the schema version and the release that applied it, this process' release, and a one-line
 * verdict: same release, or how they differ.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description =
                "Show the releases running against this database, the schema's, this one's, and whether they match.")
public class StatusCommand extends AdminCommand {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX");

    /** What {@code --output json} prints. */
    @RegisterForReflection
    record Status(
            String release,
            ReleaseCheck.Schema schema,
            List<Formation.Group> formation,
            List<Formation.Member> processes,
            long goneAfterSeconds,
            boolean sameRelease,
            String verdict) {}

    @Mixin
    OutputOption output;

    @Override
    public boolean recorded() {
        return false;
    }

    @Override
    protected int run() {
        ReleaseCheck check = service(ReleaseGuard.class).see(true);
        List<Formation.Member> processes = check.formation().orElse(List.of());
        Status status = new Status(
                check.release(),
                check.schema(),
                check.formation().map(Formation::groups).orElse(null),
                check.formation().orElse(null),
                service(Formation.class).goneAfterSeconds(),
                check.same(),
                check.verdict());
        print(output, status, out -> text(out, status, processes));
        return ExitCode.OK;
    }

    private static void text(PrintWriter out, Status s, List<Formation.Member> processes) {
        out.printf("release    %s (this process)%n", s.release());
        out.printf(
                "schema     %s, applied by %s%s%n",
                s.schema().version(),
                s.schema().appliedBy() == null
                        ? "a release the ledger does not name"
                        : s.schema().appliedBy(),
                s.schema().ahead().isEmpty()
                        ? ""
                        : "; unknown to this release: "
                                + String.join(", ", s.schema().ahead().keySet()));
        if (s.formation() == null) {
            out.println("formation  unknown: the database has no formation table yet");
        } else if (s.formation().isEmpty()) {
            out.println("formation  no web or worker process registered");
        } else {
            out.printf("formation  (gone: not seen for %ds)%n", s.goneAfterSeconds());
            Table groups = new Table("  PROCESS", "RELEASE", "RUNNING", "GONE");
            s.formation().forEach(g -> groups.row("  " + g.processType(), g.release(), g.running(), g.gone()));
            groups.print(out);
            out.println();
            Table members = new Table("  PROCESS", "STATE", "RELEASE", "HOST", "PID", "STARTED", "LAST SEEN");
            processes.stream()
                    .filter(m -> m.state() != Formation.State.stopped)
                    .forEach(m -> members.row(
                            "  " + m.processType(),
                            m.state(),
                            m.release(),
                            m.host(),
                            m.pid(),
                            TIME.format(m.startedAt()),
                            m.secondsSinceSeen() + "s ago"));
            members.print(out);
        }
        out.println();
        out.printf("verdict: %s%n", s.verdict());
        out.flush();
    }
}
