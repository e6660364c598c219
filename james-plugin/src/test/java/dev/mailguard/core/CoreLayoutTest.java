package dev.mailguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The core's rooms, read from its sources' import lines: every class in a sub-package, no cycle
 * between the sub-packages, and nothing of James's server or protocols, Netty, logging or the
 * adapters (the core decides; the adapters observe and apply). Of James only the two parsers of its
 * configuration syntax that {@code JamesUnits} wraps may be used.
 */
class CoreLayoutTest {
    private static final Path CORE = Paths.get(System.getProperty("basedir", System.getProperty("user.dir")),
        "src/main/java/dev/mailguard/core");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);
    private static final Pattern IMPORTED_CLASS = Pattern.compile("^import ([\\w.]+);", Pattern.MULTILINE);
    private static final List<String> FORBIDDEN = List.of("io.netty.", "dev.mailguard.james", "javax.inject", "org.slf4j");

    @Test
    void everyClassLivesInARoom() {
        assertThat(sources()).isNotEmpty().allSatisfy(source ->
            assertThat(packageOf(source)).as("package of %s", source).startsWith("dev.mailguard.core."));
    }

    @Test
    void noRoomDependsOnItselfThroughAnother() {
        assertThat(cycles(roomGraph())).isEmpty();
    }

    @Test
    void theCoreImportsNoJamesClassButTheTwoParsersOfItsConfigurationSyntax() {
        Set<String> james = new TreeSet<>();
        for (Path source : sources()) {
            Matcher matcher = IMPORTED_CLASS.matcher(read(source));
            while (matcher.find()) {
                if (matcher.group(1).startsWith("org.apache.james.")) {
                    james.add(matcher.group(1));
                }
            }
        }
        assertThat(james).containsExactly("org.apache.james.util.DurationParser", "org.apache.james.util.Size");
    }

    @Test
    void theCoreImportsNothingOfTheAdaptersSide() {
        List<String> offending = new ArrayList<>();
        for (Path source : sources()) {
            for (String imported : importedPackages(source)) {
                if (FORBIDDEN.stream().anyMatch(imported::startsWith)) {
                    offending.add(CORE.relativize(source) + " imports " + imported);
                }
            }
        }
        assertThat(offending).isEmpty();
    }

    @Test
    void theCycleSearchFindsACycle() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertThat(cycles(graph)).containsExactly("a -> b -> c -> a");
        assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
    }

    /** Each room and the rooms it imports from. */
    private static Map<String, Set<String>> roomGraph() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Path source : sources()) {
            String room = packageOf(source);
            Set<String> uses = graph.computeIfAbsent(room, r -> new TreeSet<>());
            importedPackages(source).stream()
                .filter(imported -> imported.startsWith("dev.mailguard.core.") && !imported.equals(room))
                .map(CoreLayoutTest::roomOf)
                .filter(imported -> !imported.equals(room))
                .forEach(uses::add);
        }
        return graph;
    }

    /** A static import names a class: its room is the package that holds the class. */
    private static String roomOf(String imported) {
        String[] parts = imported.split("\\.");
        StringBuilder room = new StringBuilder();
        for (String part : parts) {
            if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
                break;
            }
            room.append(room.length() == 0 ? "" : ".").append(part);
        }
        return room.toString();
    }

    /** One line per room that reaches itself again, from the first such room in name order. */
    static List<String> cycles(Map<String, Set<String>> graph) {
        List<String> found = new ArrayList<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            List<String> path = new ArrayList<>(List.of(start));
            if (reachesBack(graph, start, path) && found.stream().noneMatch(cycle -> cycle.contains(start))) {
                found.add(String.join(" -> ", path));
            }
        }
        return found;
    }

    private static boolean reachesBack(Map<String, Set<String>> graph, String start, List<String> path) {
        for (String next : new TreeSet<>(graph.getOrDefault(path.get(path.size() - 1), Set.of()))) {
            if (next.equals(start)) {
                path.add(next);
                return true;
            }
            if (!path.contains(next)) {
                path.add(next);
                if (reachesBack(graph, start, path)) {
                    return true;
                }
                path.remove(path.size() - 1);
            }
        }
        return false;
    }

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(CORE)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String packageOf(Path source) {
        Matcher matcher = PACKAGE.matcher(read(source));
        return matcher.find() ? matcher.group(1) : "";
    }

    private static Set<String> importedPackages(Path source) {
        Set<String> packages = new TreeSet<>();
        Matcher matcher = IMPORT.matcher(read(source));
        while (matcher.find()) {
            packages.add(matcher.group(1));
        }
        return packages;
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
