package dev.onebinary.support;

import io.quarkus.test.junit.main.LaunchResult;
import java.util.stream.Collectors;

/**
 * What a command printed, without log lines. In a real process logs of admin commands go to stderr; a
 * {@code @QuarkusMainTest} runs in the test JVM, whose log handler may share stdout.
 */
public final class CommandOutput {

    private CommandOutput() {}

    public static String of(LaunchResult result) {
        return result.getOutputStream().stream()
                .filter(line -> !line.matches("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d.*") && !line.startsWith("\t"))
                .collect(Collectors.joining("\n"));
    }
}
