package dev.onebinary.domain.migration;

import dev.onebinary.platform.Durations;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.TypeConversionException;

/**
 * A script's own timeouts, from header comments: {@code -- app:lock-timeout=30s}, {@code -- app:statement-timeout=2h}.
 * They replace the configured defaults for that script only; they can raise or lower a timeout, never switch it off.
 */
public record ScriptHeader(Optional<Duration> lockTimeout, Optional<Duration> statementTimeout) {

    public static final ScriptHeader NONE = new ScriptHeader(Optional.empty(), Optional.empty());

    private static final Pattern SETTING =
            Pattern.compile("(?m)^\\s*--\\s*app:(lock-timeout|statement-timeout)\\s*=\\s*(\\S+)\\s*$");

    /** Reads the header of a script; a value that is not a positive duration is an error naming the script. */
    public static ScriptHeader of(String script, String sql) {
        Optional<Duration> lock = Optional.empty();
        Optional<Duration> statement = Optional.empty();
        Matcher m = SETTING.matcher(sql);
        while (m.find()) {
            Duration value = duration(script, m.group(1), m.group(2));
            if (m.group(1).equals("lock-timeout")) {
                lock = Optional.of(value);
            } else {
                statement = Optional.of(value);
            }
        }
        return new ScriptHeader(lock, statement);
    }

    public Duration lockTimeout(MigrateConfig config) {
        return lockTimeout.orElse(config.lockTimeout());
    }

    public Duration statementTimeout(MigrateConfig config) {
        return statementTimeout.orElse(config.statementTimeout());
    }

    private static Duration duration(String script, String key, String value) {
        try {
            Duration d = new Durations().convert(value);
            if (d.isZero()) {
                throw new TypeConversionException("0 would switch the timeout off");
            }
            return d;
        } catch (TypeConversionException e) {
            throw new InvalidHeader(script + ": app:" + key + "=" + value + " is not usable: " + e.getMessage());
        }
    }

    /** A header comment that cannot be applied: the migration does not run. */
    public static final class InvalidHeader extends IllegalArgumentException {
        InvalidHeader(String message) {
            super(message);
        }
    }
}
