package dev.onebinary.platform;

/** A failure the user can act on: it carries the exit code and a one-line message, and never prints a stack trace. */
public class AppException extends RuntimeException {
    private final int exitCode;

    public AppException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public AppException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
