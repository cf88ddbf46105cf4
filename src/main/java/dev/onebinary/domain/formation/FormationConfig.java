package dev.onebinary.domain.formation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the formation registers itself and when a process counts as gone ({@code app.formation.*}). */
@ConfigMapping(prefix = "app.formation")
public interface FormationConfig {

    /** How often a web or worker process refreshes its row's {@code last_seen_at}. */
    @WithDefault("5s")
    Duration heartbeat();

    /** A process not seen for this long counts as gone (it died without saying so: SIGKILL, a lost node). */
    @WithDefault("30s")
    Duration goneAfter();

    /** Rows of processes stopped or gone for this long are deleted, by the web and worker processes. */
    @WithDefault("24h")
    Duration pruneAfter();
}
