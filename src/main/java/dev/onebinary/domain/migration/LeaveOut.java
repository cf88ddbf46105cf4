package dev.onebinary.domain.migration;

import java.util.Collection;
import java.util.Set;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/** The release's migrations without some scripts: to build a copy of a database that has not applied them. */
final class LeaveOut implements ResourceProvider {

    private final ResourceProvider release;
    private final Set<String> scripts;

    LeaveOut(ResourceProvider release, Set<String> scripts) {
        this.release = release;
        this.scripts = Set.copyOf(scripts);
    }

    @Override
    public LoadableResource getResource(String name) {
        return scripts.contains(name) ? null : release.getResource(name);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String... suffixes) {
        return release.getResources(prefix, suffixes).stream()
                .filter(r -> !scripts.contains(r.getRelativePath()))
                .toList();
    }
}
