package dev.mailguard.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Command lines of README.md's "Installing into an existing James 3.8.1", read from the file, so that
 * the installation test runs what an administrator reads and fails when the two part.
 */
final class ReadmeCommands {
    private static final String SECTION = "## Installing into an existing James 3.8.1";

    private ReadmeCommands() {
    }

    static Path repository() {
        return MailGuardServerFixture.confDirectory().toAbsolutePath().normalize().getParent();
    }

    /** The one line of the section that starts with {@code program} and a space, split into words. */
    static List<String> line(String program) throws IOException {
        List<String> lines = installationSection().stream().map(String::strip)
            .filter(line -> line.startsWith(program + " ")).collect(Collectors.toList());
        if (lines.size() != 1) {
            throw new AssertionError("README.md's installation section should have one '" + program + "' line, has " + lines);
        }
        return Arrays.asList(lines.get(0).split(" +"));
    }

    private static List<String> installationSection() throws IOException {
        List<String> readme = Files.readAllLines(repository().resolve("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf(SECTION);
        if (start < 0) {
            throw new AssertionError("README.md has no section '" + SECTION + "'");
        }
        int end = start + 1;
        while (end < readme.size() && !readme.get(end).startsWith("## ")) {
            end++;
        }
        return readme.subList(start, end);
    }
}
