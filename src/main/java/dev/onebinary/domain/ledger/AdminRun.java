package dev.onebinary.domain.ledger;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * One row of the ledger: which release ran which admin command, with which arguments, where, why, what it saw
 * (context: the schema and the formation), and how it ended.
 */
@RegisterForReflection
public record AdminRun(
        long id,
        String command,
        List<String> arguments,
        String release,
        String host,
        String osUser,
        String shard,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        String outcome,
        Integer exitCode,
        Map<String, Object> summary,
        String error,
        String reason,
        Map<String, Object> context,
        OffsetDateTime heartbeatAt) {}
