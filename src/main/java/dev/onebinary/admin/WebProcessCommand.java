package dev.onebinary.admin;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.ProcessMode;
import io.quarkus.runtime.Quarkus;

/** What {@code app} and {@code app serve} are: the web process, with Hibernate ORM, not an admin run. */
abstract class WebProcessCommand extends AdminCommand {

    @Override
    public ProcessMode.Type processType() {
        return ProcessMode.Type.WEB;
    }

    @Override
    public ProcessMode.Boot boot() {
        return ProcessMode.Boot.ORM;
    }

    @Override
    public boolean recorded() {
        return false;
    }

    /** Serves HTTP until the process is asked to stop (SIGTERM, SIGINT). */
    @Override
    protected int run() {
        Quarkus.waitForExit();
        return ExitCode.OK;
    }
}
