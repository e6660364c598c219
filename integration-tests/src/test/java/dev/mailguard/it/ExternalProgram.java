package dev.mailguard.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A program the tests run as a process of its own (a real client, Postfix). On a developer machine
 * without it the test is skipped with a message naming the Debian package to install; under CI
 * ({@code CI=true}) a missing program fails the test, so that CI can never pass by skipping.
 */
final class ExternalProgram {
    /** A bound against a hung client only: every client here ends in seconds. */
    private static final long HUNG_AFTER_MINUTES = 2;

    private final List<String> command;

    private ExternalProgram(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** The program {@code name} from PATH; skipped (or failed under CI) when it is not installed. */
    static ExternalProgram require(String name, String debianPackage) {
        Optional<Path> executable = onPath(name);
        if (executable.isEmpty()) {
            String message = name + " is not installed (Debian package " + debianPackage + ")";
            if (underCi()) {
                throw new AssertionError(message + ": CI must install it (.ci/run)");
            }
            Assumptions.abort(message + ": its cases are skipped; apt-get install " + debianPackage);
        }
        return new ExternalProgram(List.of(executable.get().toString()));
    }

    /** Whether the tests run under CI ({@code CI=true}), where a missing prerequisite fails instead of skipping. */
    static boolean underCi() {
        return "true".equals(System.getenv("CI"));
    }

    /** A command that is known to exist (the JVM running the tests), with leading arguments. */
    static ExternalProgram of(String... command) {
        return new ExternalProgram(Arrays.asList(command));
    }

    /** PATH, then /usr/sbin: administration programs (postfix, postconf) live there, off a user's PATH. */
    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin";
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs the program to its end with no input; it must exit with 0. Returns stdout and stderr. */
    String run(String... arguments) {
        return runWithInput("", arguments);
    }

    /** Runs the program to its end with {@code input} on stdin; it must exit with 0. */
    String runWithInput(String input, String... arguments) {
        return execute(input, true, arguments);
    }

    /** Runs the program to its end with {@code input} on stdin, whatever it exits with; returns stdout and stderr. */
    String runWithInputAllowingFailure(String input, String... arguments) {
        return execute(input, false, arguments);
    }

    /** The command line the program starts with: for a program that runs beside the test (a server). */
    List<String> command() {
        return command;
    }

    /** Runs the program to its end with no input, whatever it exits with: for a run that is meant to fail. */
    String runAllowingFailure(String... arguments) {
        return execute("", false, arguments);
    }

    private String execute(String input, boolean mustSucceed, String... arguments) {
        List<String> full = new ArrayList<>(command);
        full.addAll(Arrays.asList(arguments));
        Path outputFile = null;
        try {
            // output into a file, not a pipe: a hung program cannot block the reader, and the wait below ends
            outputFile = Files.createTempFile("external-program-", ".out");
            Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(outputFile.toFile()).start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(UTF_8));
            }
            boolean ended = process.waitFor(HUNG_AFTER_MINUTES, TimeUnit.MINUTES);
            if (!ended) {
                process.destroyForcibly().waitFor();
            }
            String output = Files.readString(outputFile, UTF_8);
            if (!ended) {
                throw new AssertionError(full + " did not end; output:\n" + output);
            }
            if (mustSucceed && process.exitValue() != 0) {
                throw new AssertionError(full + " exited with " + process.exitValue() + "; output:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError("Cannot run " + full + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while running " + full, e);
        } finally {
            deleteQuietly(outputFile);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            file.toFile().delete();
        }
    }
}
