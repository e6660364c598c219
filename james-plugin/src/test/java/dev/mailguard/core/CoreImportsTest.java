package dev.mailguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The core decides without James: of James it may use only the two parsers {@link JamesUnits} wraps. */
class CoreImportsTest {
    @Test
    void theCoreImportsNoJamesClassButTheTwoParsers() throws IOException {
        Path core = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "src/main/java/dev/mailguard/core");
        List<String> imports;
        try (Stream<Path> sources = Files.list(core)) {
            imports = sources.flatMap(CoreImportsTest::lines).filter(line -> line.startsWith("import org.apache.james"))
                .distinct().sorted().collect(Collectors.toList());
        }

        assertThat(imports).containsExactly("import org.apache.james.util.DurationParser;",
            "import org.apache.james.util.Size;");
    }

    private static Stream<String> lines(Path source) {
        try {
            return Files.readAllLines(source, StandardCharsets.UTF_8).stream().map(String::trim);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
