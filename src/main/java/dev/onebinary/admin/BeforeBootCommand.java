package dev.onebinary.admin;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.ProcessMode;

/**
 * A command answered before Quarkus boots ({@code version}, {@code tasks}, {@code completion}, {@code job}): no
 * runtime, no database, so nothing to record; it either answers (0) or refuses its arguments (2).
 */
public abstract class BeforeBootCommand extends AdminCommand {

    @Override
    public final ProcessMode.Boot boot() {
        return ProcessMode.Boot.NONE;
    }

    @Override
    public final boolean recorded() {
        return false;
    }

    @Override
    public int[] exitCodes() {
        return new int[] {ExitCode.OK, ExitCode.USAGE};
    }
}
