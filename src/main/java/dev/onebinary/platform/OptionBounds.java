package dev.onebinary.platform;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Bounds of numeric and duration options: a value out of bounds is a usage error (exit 2) naming the valid range. */
public final class OptionBounds {

    private OptionBounds() {}

    /** {@code value} when it is at least {@code min}; otherwise "OPTION must be at least MIN, not VALUE". */
    public static long atLeast(CommandSpec spec, String option, long value, long min) {
        return between(spec, option, value, min, Long.MAX_VALUE);
    }

    /** {@code value} when it is within bounds; otherwise "OPTION must be between MIN and MAX, not VALUE". */
    public static long between(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            String bounds = max == Long.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
            throw new ParameterException(spec.commandLine(), option + " must be " + bounds + ", not " + value);
        }
        return value;
    }

    /** {@code value} when it lies within {@code [min, max]}; otherwise a usage error naming both, as durations. */
    public static Duration between(CommandSpec spec, String option, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ParameterException(
                    spec.commandLine(),
                    option + " must be between " + Durations.format(min) + " and " + Durations.format(max) + ", not "
                            + Durations.format(value));
        }
        return value;
    }
}
