package dev.onebinary.admin;

import dev.onebinary.platform.Release;
import picocli.CommandLine.IVersionProvider;

/** {@code app --version}: the release id and when it was built. */
public class ReleaseVersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        Release release = Release.current();
        return new String[] {"app " + release.id() + " (built " + release.builtAt() + ")"};
    }
}
