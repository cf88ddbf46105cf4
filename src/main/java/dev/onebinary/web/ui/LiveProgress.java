package dev.onebinary.web.ui;

import io.quarkus.qute.TemplateData;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far each running run has got, from what its process last wrote to the ledger (a task writes its counts and moves
 * its heartbeat every ~5 s): rows examined and changed, rate, time left when the task reports a total, the age of the
 * last heartbeat, and whether it has stopped moving (stalled: its process most likely died). Shards of one task (the
 * pods of an Indexed Job) are grouped.
 */
@ApplicationScoped
class LiveProgress {

    /** One running run; the texts are what the page shows, the numbers what a script may want. */
    @TemplateData
    @RegisterForReflection
    record Live(
            long id,
            String command,
            String shard,
            String state,
            boolean stalled,
            long examined,
            long changed,
            Long total,
            Integer percent,
            String examinedText,
            String changedText,
            String rate,
            String eta,
            String heartbeatAgo,
            String heartbeatAt,
            String runningFor,
            String host,
            String release,
            String note) {

        public boolean hasPercent() {
            return percent != null;
        }
    }

    /** The running runs of one command: one per shard of an Indexed Job. */
    @TemplateData
    @RegisterForReflection
    record Group(String command, List<Live> runs, String totals, int stalled) {}

    /** Everything running now, stalled first. {@code hiddenStalled}: runs stalled for over a day, counted only. */
    @TemplateData
    @RegisterForReflection
    record Board(String readAt, int running, int stalled, int hiddenStalled, List<Group> groups) {}

    /** A run stalled this long ago is history, not news: counted, not listed. */
    static final Duration OLD = Duration.ofDays(1);

    private final UiConfig config;
    private final TaskCatalog tasks;

    LiveProgress(UiConfig config, TaskCatalog tasks) {
        this.config = config;
        this.tasks = tasks;
    }

    Board board(List<Run> running) {
        Map<String, List<Live>> byCommand = new LinkedHashMap<>();
        int stalled = 0;
        int hidden = 0;
        OffsetDateTime readAt = null;
        for (Run run : running) {
            readAt = run.now();
            Live live = of(run);
            if (live.stalled() && run.sinceHeartbeat().compareTo(OLD) > 0) {
                hidden++;
                continue;
            }
            stalled += live.stalled() ? 1 : 0;
            byCommand.computeIfAbsent(run.command(), c -> new ArrayList<>()).add(live);
        }
        List<Group> groups = new ArrayList<>();
        byCommand.forEach((command, runs) -> {
            runs.sort(Comparator.comparing((Live l) -> shardIndex(l.shard())).thenComparing(Live::id));
            groups.add(group(command, runs));
        });
        groups.sort(Comparator.comparing((Group g) -> g.stalled() == 0));
        return new Board(Show.utc(readAt), running.size() - hidden, stalled, hidden, groups);
    }

    /** The progress of one running run, as of its last heartbeat. */
    Live of(Run run) {
        Map<String, Object> s = run.summary();
        long examined = number(s.get("examined"));
        long changed = number(s.get("changed"));
        Long total = s.get("total") instanceof Number n ? n.longValue() : null;
        boolean reports = tasks.isTask(run.command()) || s.containsKey("examined");
        Duration since = run.sinceHeartbeat();
        boolean stalled = run.running() && reports && since.compareTo(config.stalledAfter()) > 0;
        OffsetDateTime asOf = run.heartbeatAt() != null ? run.heartbeatAt() : run.now();
        double seconds = run.startedAt() == null
                ? 0
                : Duration.between(run.startedAt(), asOf).toMillis() / 1000.0;
        double rate = seconds > 0 ? examined / seconds : 0;
        Integer percent = total == null || total <= 0 ? null : (int) Math.min(100, examined * 100 / total);
        String eta = total == null || rate <= 0 || stalled
                ? Show.NONE
                : Show.duration(Duration.ofSeconds((long) (Math.max(0, total - examined) / rate)));
        String note = stalled
                ? "no heartbeat for " + Show.duration(since) + " (stalled after " + Show.duration(config.stalledAfter())
                        + "): its process most likely died; a new run resumes from its cursor"
                : reports ? "" : "reports no progress while it runs";
        return new Live(
                run.id(),
                run.command(),
                run.shardText(),
                stalled ? "stalled" : "running",
                stalled,
                examined,
                changed,
                total,
                percent,
                reports ? Show.count(examined) : Show.NONE,
                reports ? Show.count(changed) : Show.NONE,
                reports && examined > 0 ? Show.rate(rate) : Show.NONE,
                eta,
                Show.ago(since),
                Show.iso(run.heartbeatAt() != null ? run.heartbeatAt() : run.startedAt()),
                run.tookText(),
                run.host(),
                run.release(),
                note);
    }

    private static Group group(String command, List<Live> runs) {
        long examined = runs.stream().mapToLong(Live::examined).sum();
        long changed = runs.stream().mapToLong(Live::changed).sum();
        int stalled = (int) runs.stream().filter(Live::stalled).count();
        String totals = runs.size() == 1
                ? ""
                : runs.size() + " runs" + (stalled > 0 ? ", " + stalled + " stalled" : "") + "; examined "
                        + Show.count(examined) + ", changed " + Show.count(changed);
        return new Group(command, List.copyOf(runs), totals, stalled);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** {@code 2/4} sorts as 2; runs whose shard is not known yet last. */
    private static int shardIndex(String shard) {
        int slash = shard.indexOf('/');
        try {
            return slash > 0 ? Integer.parseInt(shard.substring(0, slash)) : Integer.MAX_VALUE;
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
