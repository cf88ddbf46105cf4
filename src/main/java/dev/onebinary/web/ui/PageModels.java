package dev.onebinary.web.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.domain.migration.Migrations;
import dev.onebinary.platform.Release;
import io.quarkus.qute.TemplateData;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What each page shows, read from the ledger, the migrations, readiness and the command-line model. */
@ApplicationScoped
class PageModels {

    /** What every page's header shows. */
    @TemplateData
    @RegisterForReflection
    record Header(String title, String nav, String release, String user, long refreshMs) {}

    /** An option of a filter's drop-down. */
    @TemplateData
    @RegisterForReflection
    record Choice(String value, String label, boolean selected) {}

    /** The runs list's filter form, as it was submitted, with the values to choose from. */
    @TemplateData
    @RegisterForReflection
    record Form(
            String from,
            String to,
            List<Choice> commands,
            List<Choice> outcomes,
            List<Choice> releases,
            List<Choice> sinces) {}

    /** The runs list: what is running now, then every run newest first. */
    @TemplateData
    @RegisterForReflection
    record RunsPage(
            Header header,
            LiveProgress.Board board,
            long failedLastDay,
            String failedHref,
            boolean schemaBehind,
            String schemaLine,
            List<Run> runs,
            Form form,
            boolean filtered,
            String olderHref,
            String newestHref) {}

    /** A summary or context field: {@code block} values (lists, objects) show as indented JSON. */
    @TemplateData
    @RegisterForReflection
    record Field(String name, String value, boolean block) {}

    /** One statement of a console session as the page shows it. */
    @TemplateData
    @RegisterForReflection
    record StatementRow(
            int seq,
            String language,
            String statement,
            String started,
            String duration,
            String rows,
            String outcome,
            String transaction,
            String error) {}

    /** A cursor the run saved. */
    @TemplateData
    @RegisterForReflection
    record CursorRow(
            String arguments,
            String shard,
            String position,
            String state,
            String examined,
            String changed,
            String updated) {}

    /** One run with everything the ledger holds about it. */
    @TemplateData
    @RegisterForReflection
    record RunPage(
            Header header,
            Run run,
            LiveProgress.Live live,
            boolean task,
            boolean console,
            boolean migrate,
            List<Field> summary,
            List<Field> context,
            List<CursorRow> cursors,
            List<StatementRow> statements,
            long statementCount,
            String moreStatementsHref,
            String schemaChange,
            List<String> applied,
            List<Field> lint,
            String sameCommandHref) {}

    /** A readiness check of this process. */
    @TemplateData
    @RegisterForReflection
    record Check(String name, String status, String data) {}

    /** A migration of this release, or one in the database this release does not know. */
    @TemplateData
    @RegisterForReflection
    record MigrationRow(
            String version, String description, String state, String installed, String release, boolean pending) {}

    /** A process of the formation. */
    @TemplateData
    @RegisterForReflection
    record ProcessRow(
            String type,
            String release,
            String host,
            String pid,
            String started,
            String lastSeen,
            boolean otherRelease) {}

    /** The schema against this release, and whether readiness holds this web process back. */
    @TemplateData
    @RegisterForReflection
    record SchemaPage(
            Header header,
            boolean ready,
            String readiness,
            List<Check> checks,
            String current,
            List<MigrationRow> migrations,
            long pending,
            List<ProcessRow> formation) {}

    /** How to run each task of this release. */
    @TemplateData
    @RegisterForReflection
    record HowToRunPage(Header header, TaskCatalog.Catalog catalog) {}

    /** A page that could not be shown, and what to do about it. */
    @TemplateData
    @RegisterForReflection
    record ProblemPage(Header header, int status, String title, String detail) {}

    static final int STATEMENTS_PER_PAGE = 500;
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration FORMATION_SEEN = Duration.ofMinutes(2);
    private static final List<String> SINCES = List.of("15m", "1h", "6h", "24h", "7d", "30d");

    private final RunQueries queries;
    private final LiveProgress live;
    private final TaskCatalog tasks;
    private final Migrations migrations;
    private final SmallRyeHealthReporter health;
    private final UiConfig config;
    private final ObjectMapper mapper;

    PageModels(
            RunQueries queries,
            LiveProgress live,
            TaskCatalog tasks,
            Migrations migrations,
            SmallRyeHealthReporter health,
            UiConfig config,
            ObjectMapper mapper) {
        this.queries = queries;
        this.live = live;
        this.tasks = tasks;
        this.migrations = migrations;
        this.health = health;
        this.config = config;
        this.mapper = mapper;
    }

    Header header(String title, String nav, String user) {
        return new Header(
                title, nav, Release.current().id(), user, config.refresh().toMillis());
    }

    RunsPage runs(RunsRequest request, String user) {
        RunQueries.Filter filter = request.filter(OffsetDateTime.now(ZoneOffset.UTC));
        RunQueries.Page page = queries.page(filter, config.pageSize());
        Migrations.SchemaState schema = migrations.state();
        boolean behind = !schema.pending().isEmpty();
        String schemaLine = behind
                ? "migrations " + String.join(", ", schema.pending())
                        + " of this release are pending: readiness is DOWN until `app migrate` applies them"
                : "schema " + schema.current() + ", up to date with this release";
        Form form = new Form(
                request.from() == null ? "" : request.from(),
                request.to() == null ? "" : request.to(),
                choices(queries.commands(), request.command()),
                choices(RunsRequest.outcomes(), request.outcome()),
                choices(queries.releases(), request.release()),
                choices(SINCES, request.since()));
        return new RunsPage(
                header("Runs", "runs", user),
                live.board(queries.running()),
                queries.countSince("failed", DAY),
                AdminPages.ROOT + "/?outcome=failed&since=24h",
                behind,
                schemaLine,
                page.runs(),
                form,
                request.filtered(),
                page.older().map(request::href).orElse(null),
                request.before() == null ? null : request.href(null));
    }

    LiveProgress.Board board() {
        return live.board(queries.running());
    }

    java.util.Optional<Run> run(long id) {
        return queries.run(id);
    }

    RunPage run(Run run, int afterSeq, String user) {
        boolean task = tasks.isTask(run.command()) || run.summary().containsKey("examined");
        long statementCount = queries.statementCount(run.id());
        List<StatementRow> statements = queries.statements(run.id(), afterSeq, STATEMENTS_PER_PAGE).stream()
                .map(PageModels::statement)
                .toList();
        String more = statements.size() == STATEMENTS_PER_PAGE
                ? AdminPages.ROOT + "/runs/" + run.id() + "?after="
                        + statements.getLast().seq()
                : null;
        boolean migrate = run.command().equals("migrate") || run.command().startsWith("migrate ");
        Map<String, Object> summary = run.summary();
        String schemaChange = summary.containsKey("before") || summary.containsKey("after")
                ? summary.getOrDefault("before", "?") + " → " + summary.getOrDefault("after", "?")
                : null;
        List<String> applied = summary.get("applied") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of();
        List<Field> lint = fields(summary.entrySet().stream()
                .filter(e -> isLint(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new)));
        return new RunPage(
                header("Run " + run.id() + " · " + run.command(), "runs", user),
                run,
                run.running() ? live.of(run) : null,
                task,
                statementCount > 0 || run.command().equals("console"),
                migrate,
                fields(summary),
                fields(run.context()),
                queries.cursors(run.id()).stream().map(PageModels::cursor).toList(),
                statements,
                statementCount,
                more,
                schemaChange,
                applied,
                lint,
                AdminPages.ROOT + "/?command="
                        + java.net.URLEncoder.encode(run.command(), java.nio.charset.StandardCharsets.UTF_8));
    }

    SchemaPage schema(String user) {
        SmallRyeHealth readiness = health.getReadiness();
        List<Check> checks = new ArrayList<>();
        for (JsonValue value : readiness.getPayload().getJsonArray("checks")) {
            JsonObject check = value.asJsonObject();
            JsonObject data = check.getJsonObject("data");
            checks.add(new Check(
                    check.getString("name", ""),
                    check.getString("status", ""),
                    data == null
                            ? ""
                            : data.entrySet().stream()
                                    .map(e -> e.getKey() + ": " + plain(e.getValue()))
                                    .collect(Collectors.joining("; "))));
        }
        Migrations.SchemaState state = migrations.state();
        Set<String> pending = Set.copyOf(state.pending());
        List<MigrationRow> rows = migrations.status().stream()
                .map(s -> new MigrationRow(
                        s.version(),
                        s.description(),
                        s.state(),
                        Show.utc(s.installedOn()),
                        s.release() == null ? "" : s.release(),
                        pending.contains(s.version())))
                .toList();
        String release = Release.current().id();
        List<ProcessRow> formation = queries.formation(FORMATION_SEEN).stream()
                .map(p -> new ProcessRow(
                        p.type(),
                        p.release(),
                        p.host(),
                        p.pid() == null ? "" : p.pid().toString(),
                        Show.utc(p.startedAt()),
                        Show.utc(p.lastSeenAt()),
                        !release.equals(p.release())))
                .toList();
        boolean ready = !readiness.isDown();
        String text = ready
                ? "UP: this web process receives traffic"
                : pending.isEmpty()
                        ? "DOWN: this web process receives no traffic (see the checks below)"
                        : "DOWN: this web process receives no traffic until migrations "
                                + String.join(", ", state.pending())
                                + " of this release are applied (`app migrate`, the migrate Job)";
        return new SchemaPage(
                header("Schema", "schema", user),
                ready,
                text,
                checks,
                state.current(),
                rows,
                pending.size(),
                formation);
    }

    HowToRunPage howToRun(String user) {
        return new HowToRunPage(header("How to run", "how-to-run", user), tasks.catalog());
    }

    private static boolean isLint(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("lint") || k.contains("finding");
    }

    private List<Field> fields(Map<String, Object> values) {
        List<Field> fields = new ArrayList<>();
        values.forEach((k, v) -> {
            boolean block = v instanceof Map<?, ?> || v instanceof List<?>;
            fields.add(new Field(k, block ? pretty(v) : String.valueOf(v), block));
        });
        return fields;
    }

    private String pretty(Object value) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    private static String plain(JsonValue value) {
        return value.getValueType() == JsonValue.ValueType.STRING
                ? ((jakarta.json.JsonString) value).getString()
                : value.toString();
    }

    private static List<Choice> choices(List<String> values, String selected) {
        List<Choice> choices = new ArrayList<>();
        for (String v : values) {
            choices.add(new Choice(v, v, v.equals(selected)));
        }
        if (selected != null && !values.contains(selected)) {
            choices.add(new Choice(selected, selected, true));
        }
        return choices;
    }

    /**
     * What a statement did with rows: a query the rows it returned (and those it changed too, for a data-modifying
     * WITH), any other statement the rows it changed. The console stores 0 changed for every read-only query.
     */
    static String rows(Long returned, Long changed) {
        boolean wrote = changed != null && changed > 0;
        if (returned != null) {
            return Show.count(returned) + " returned" + (wrote ? ", " + Show.count(changed) + " changed" : "");
        }
        return changed == null ? "" : Show.count(changed) + " changed";
    }

    private static StatementRow statement(dev.onebinary.domain.ledger.StatementLog.Entry s) {
        String rows = rows(s.rowsReturned(), s.rowsChanged());
        return new StatementRow(
                s.seq(),
                s.language(),
                s.statement(),
                Show.utc(s.startedAt()),
                s.durationMs() == null ? Show.NONE : Show.duration(Duration.ofMillis(s.durationMs())),
                rows,
                s.outcome(),
                s.transaction() == null ? "" : s.transaction(),
                s.error() == null ? "" : s.error());
    }

    private static CursorRow cursor(RunQueries.Cursor c) {
        return new CursorRow(
                c.arguments().isEmpty() ? "(none)" : c.arguments(),
                c.shard(),
                c.position() == null ? "start" : c.position(),
                c.complete() ? "complete" : "resumable",
                Show.count(c.examined()),
                Show.count(c.changed()),
                Show.utc(c.updatedAt()));
    }
}
