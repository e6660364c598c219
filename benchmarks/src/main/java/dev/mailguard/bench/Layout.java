package dev.mailguard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the comparison finds what the build made: conf/, the plugin jar and the demo launcher. */
final class Layout {
    private final Path root;

    Layout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path conf() {
        return root.resolve("conf");
    }

    Path extensions() {
        return root.resolve("integration-tests/target/extensions-jars");
    }

    Path work() throws IOException {
        return Files.createDirectories(root.resolve("benchmarks/target/e2e"));
    }

    String launcherClasspath() throws IOException {
        Path tests = root.resolve("integration-tests/target");
        return tests.resolve("classes") + java.io.File.pathSeparator
            + Files.readString(tests.resolve("launcher.classpath"), StandardCharsets.UTF_8).trim();
    }

    /**
     * The command prefix that pins a server JVM to the last CPU, {@code taskset -c N}, set by
     * benchmarks/compare.sh (which pins the load generator to the others) through
     * {@code mailguard.serverCpus}; empty when unset. Servers and client then do not preempt each
     * other, which makes run-to-run figures steadier on a small machine.
     */
    List<String> serverCpus() {
        String cpus = System.getProperty("mailguard.serverCpus", "");
        return cpus.isEmpty() ? List.of() : List.of("taskset", "-c", cpus);
    }

    String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
