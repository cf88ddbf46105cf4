package dev.onebinary.maintenance;

import dev.onebinary.tasks.Change;
import dev.onebinary.tasks.Selection;
import dev.onebinary.tasks.TableTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Removes one field from every record's payload: personal data that should never have been stored, say. */
@Command(
        name = "redact-payload-field",
        mixinStandardHelpOptions = true,
        description = "Remove a top-level field (e.g. email) from the payload of every record that has it.")
public class RedactPayloadField extends TableTask {

    @Option(names = "--field", paramLabel = "NAME", required = true, description = "The payload field to remove.")
    String field;

    @Option(names = "--kind", paramLabel = "KIND", description = "Only records whose payload kind is KIND.")
    String kind;

    @Override
    protected Selection select() {
        return Selection.of("records")
                .key("id")
                .where("jsonb_exists(payload, ?)", field)
                .where(kind != null, "payload ->> 'kind' = ?", kind);
    }

    @Override
    protected Change change() {
        return Change.update("payload = payload - ?::text, updated_at = now()", field);
    }
}
