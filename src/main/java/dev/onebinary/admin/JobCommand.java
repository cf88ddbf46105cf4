package dev.onebinary.admin;

import dev.onebinary.platform.Durations;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.OptionBounds;
import dev.onebinary.platform.Release;
import dev.onebinary.platform.deploy.JobManifest;
import dev.onebinary.platform.deploy.KubernetesNames;
import dev.onebinary.platform.deploy.MeshSidecar;
import dev.onebinary.platform.deploy.ReleaseImage;
import dev.onebinary.platform.deploy.Yaml;
import dev.onebinary.tasks.LinesTask;
import dev.onebinary.tasks.TableTask;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code app job}: prints the Kubernetes Job that runs one of this release's admin commands as a one-off process, in
 * this release's image. The command line is parsed by this release's own model first, so a typo fails here, on the
 * laptop, and not in the cluster. Answered before Quarkus boots: needs no database and no runtime.
 */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        description = "Print a Kubernetes Job (YAML) that runs an admin command of this release, in its image.",
        footer = {
            "",
            "Options of app job may stand before or after COMMAND; put the command's own options after -- when they",
            "share a name with one of app job (--output, --json). Examples:",
            "  app job fix-bad-records --dry-run --shards 4 | kubectl create -f -",
            "  app job migrate | kubectl create -f -",
            "  app job console --reason \"check invoice 42\" | kubectl create -f -   (then kubectl attach -it pod/NAME)",
        })
public class JobCommand extends BeforeBootCommand {

    static final String CONSOLE = "console";
    static final Duration DEFAULT_DEADLINE = Duration.ofHours(6);
    static final Duration CONSOLE_DEADLINE = Duration.ofHours(2);
    /** Room after a task's --max-duration for it to finish the batch in hand before Kubernetes stops it. */
    static final Duration STOP_MARGIN = Duration.ofMinutes(10);

    @Parameters(index = "0", paramLabel = "COMMAND", description = "The admin command: fix-bad-records, migrate, ...")
    String command;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "Its options and arguments, as you would type them.")
    List<String> args = new ArrayList<>();

    @Option(
            names = "--image",
            paramLabel = "IMAGE",
            description = "This release's image (default: $APP_IMAGE, else $APP_IMAGE_REPOSITORY:VERSION).")
    String image;

    @Option(
            names = "--shards",
            paramLabel = "N",
            description =
                    "Run a task as an Indexed Job of N pods, pod I on --shard I/N (each its own lock and cursor).")
    Integer shards;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "The object's name (default: app-COMMAND-TIME-RANDOM, new for every run).")
    String name;

    @Option(
            names = "--deadline",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "Kubernetes stops it after this long (default: a task's --max-duration + 10m, else 6h;"
                    + " a console 2h).")
    Duration deadline;

    @Option(
            names = "--sidecar",
            paramLabel = "MODE",
            converter = MeshSidecar.Converter.class,
            defaultValue = "none",
            description = "Mesh sidecar: none (opt out of Istio/Linkerd injection) or native (a native sidecar that"
                    + " ends with the app) (default: ${DEFAULT-VALUE}).")
    MeshSidecar sidecar;

    /** {@code --output text} (the default) prints YAML, {@code --output json} JSON: the same object. */
    @Mixin
    OutputOption output;

    @Spec
    void parserSettings(CommandSpec spec) {
        // The wrapped command's options (--dry-run, -c, ...) are its arguments here, in the order given.
        spec.parser().unmatchedOptionsArePositionalParams(true);
    }

    @Override
    protected int run() {
        CommandLine target = parse();
        String imageOfThisRelease = image != null
                ? image
                : ReleaseImage.resolve(System::getenv, Release.current())
                        .orElseThrow(() -> usage("no image for this release: set " + ReleaseImage.ENV
                                + " (e.g. registry.example.com/app:1.4.0), " + ReleaseImage.REPOSITORY_ENV
                                + " or --image"));
        boolean console = command.equals(CONSOLE);
        String objectName = name != null
                ? checkedName(name)
                : KubernetesNames.unique("app-" + command, Instant.now(), ThreadLocalRandom.current());
        JobManifest.Request request = new JobManifest.Request(
                command,
                args,
                imageOfThisRelease,
                Release.current(),
                objectName,
                shards == null ? 0 : shards,
                deadline != null ? positive(deadline) : defaultDeadline(target, console),
                sidecar);
        Map<String, Object> manifest = console ? JobManifest.consolePod(request) : JobManifest.job(request);
        print(output, manifest, out -> out.print(Yaml.yaml(manifest)));
        PrintWriter err = spec.commandLine().getErr();
        err.println(
                console
                        ? "then: kubectl attach -it pod/" + objectName + " -c app   (kubectl delete pod/" + objectName
                                + " when done)"
                        : "then: kubectl logs -f job/" + objectName + " --all-containers --prefix");
        err.flush();
        return ExitCode.OK;
    }

    /**
     * Parses COMMAND ARG... with this release's model; a usage error is reported as running the command would.
     * Returns the command's parsed CommandLine.
     */
    private CommandLine parse() {
        CommandLine model = thisRelease();
        model.setOut(spec.commandLine().getOut());
        model.setErr(spec.commandLine().getErr());
        CommandLine target = model.getSubcommands().get(command);
        if (target == null) {
            throw usage("unknown command '" + command + "'" + suggestion(model));
        }
        List<String> argv = new ArrayList<>(List.of(command));
        argv.addAll(args);
        ParseResult parsed = model.parseArgs(argv.toArray(String[]::new)).subcommand();
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
                throw usage("'app " + String.join(" ", argv) + "' prints help; run it here, not as a Job");
            }
        }
        switch (command) {
            case "job" -> throw usage("app job prints Jobs; it does not run as one");
            case "serve" -> throw usage("the web process is the app-web Deployment, not a Job");
            case "worker" -> {
                if (!parsed.hasMatchedOption("--once")) {
                    throw usage("the worker is the app-worker Deployment; as a Job, run 'worker --once' (drain, exit)");
                }
            }
            default -> {}
        }
        if (target.getCommandSpec().userObject() instanceof LinesTask
                && target.getCommandSpec().positionalParameters().stream().anyMatch(p -> "-".equals(p.getValue()))) {
            throw usage("a Job has no stdin: '" + command + " -' would read nothing; give it a file the pod can read");
        }
        if (shards != null) {
            OptionBounds.between(spec, "--shards", shards, 1, 100);
            CommandLine task = Cli.tasks(model).get(command);
            if (task == null) {
                throw usage(
                        "--shards runs a task over shards; '" + command + "' is not a task ('app tasks' lists them)");
            }
            if (!(task.getCommandSpec().userObject() instanceof TableTask)) {
                throw usage("--shards splits a table's keys; '" + command
                        + "' reads one input in order and runs as one pod: leave --shards out");
            }
            if (parsed.hasMatchedOption("--shard")) {
                throw usage("--shards gives each pod its own --shard; leave --shard out");
            }
        }
        return target;
    }

    /** This release's command line model, the one Main parses with. */
    private static CommandLine thisRelease() {
        return Cli.model();
    }

    /** "; did you mean 'fix-bad-records'?" from picocli's own suggestions, or nothing. */
    private String suggestion(CommandLine model) {
        try {
            model.parseArgs(command);
        } catch (CommandLine.UnmatchedArgumentException e) {
            if (!e.getSuggestions().isEmpty()) {
                return "; did you mean '" + e.getSuggestions().getFirst() + "'?";
            }
        } catch (ParameterException e) {
            // no suggestion
        }
        return "";
    }

    private Duration defaultDeadline(CommandLine target, boolean console) {
        if (console) {
            return CONSOLE_DEADLINE;
        }
        CommandLine.Model.OptionSpec maxDuration = target.getCommandSpec().findOption("--max-duration");
        if (maxDuration != null && maxDuration.getValue() instanceof Duration d && !d.isZero()) {
            return d.plus(STOP_MARGIN);
        }
        return DEFAULT_DEADLINE;
    }

    private Duration positive(Duration d) {
        if (d.toSeconds() < 1) {
            throw usage("--deadline must be at least 1s");
        }
        return d;
    }

    private String checkedName(String n) {
        if (!KubernetesNames.isDnsLabel(n)) {
            throw usage("--name must be a DNS-1123 label (a-z, 0-9, '-', at most 63), not '" + n + "'");
        }
        return n;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
