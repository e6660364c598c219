package dev.mailguard.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Java client program (a main class among the test sources) as a program of its own: a child JVM
 * whose class path holds the test classes and the client libraries only (client-programs.classpath,
 * written by the build), never James's.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    static ExternalProgram program(String mainClass) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = property("mailguard.test-classes.dir") + File.pathSeparator + clientLibraries();
        return ExternalProgram.of(java, "-cp", classPath, mainClass);
    }

    private static String clientLibraries() {
        try {
            return Files.readString(Path.of(property("mailguard.client-programs.classpath"))).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("System property " + name + " is not set: run the tests through Maven");
        }
        return value;
    }
}
