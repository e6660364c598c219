package dev.mailguard.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * A client program from outside the JVM (swaks, msmtp, curl...) that a test runs. On a developer
 * machine a missing program skips the test with a message naming the Debian package to install;
 * with {@code CI=true} in the environment it fails the test instead, so CI can never go green by
 * skipping what it was meant to check.
 */
final class ExternalProgram {
    private ExternalProgram() {
    }

    /** Returns when {@code program} is on PATH; otherwise skips the test, or fails it when {@code CI=true}. */
    static void require(String program, String debianPackage) {
        if (onPath(program).isPresent()) {
            return;
        }
        String message = program + " is not on PATH (Debian package " + debianPackage + ": apt-get install " + debianPackage + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + "; CI=true requires it");
        }
        Assumptions.abort(message + "; test skipped");
    }

    /** Runs {@code command} to its end with no input; it must exit with 0. Returns stdout and stderr together. */
    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor()).as("exit code of %s, output:%n%s", String.join(" ", command), output).isZero();
        return output;
    }

    private static Optional<Path> onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .filter(directory -> !directory.isEmpty())
            .map(directory -> Path.of(directory, program))
            .filter(Files::isExecutable)
            .findFirst();
    }
}
