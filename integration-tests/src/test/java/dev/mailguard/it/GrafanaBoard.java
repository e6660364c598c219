package dev.mailguard.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * docker/grafana/mailguard.json as the tests read it: each graph's title and its PromQL queries, with
 * Grafana's variables filled in as Grafana would for one James node.
 */
final class GrafanaBoard {
    /** A selector by a name pattern, {@code {__name__=~"mailguard_rejected_.+_total",...}}. */
    private static final Pattern NAME_PATTERN = Pattern.compile("__name__=~\"([^\"]+)\"");
    private static final Pattern NAME = Pattern.compile("\\bmailguard_[a-z0-9_]+\\b");

    private final Map<String, List<String>> queriesByTitle = new LinkedHashMap<>();

    private GrafanaBoard(JsonNode board) {
        for (JsonNode panel : board.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            List<String> queries = new ArrayList<>();
            panel.path("targets").forEach(target -> queries.add(target.path("expr").asText()));
            queriesByTitle.put(panel.path("title").asText(), queries);
        }
    }

    static GrafanaBoard read() throws IOException {
        return new GrafanaBoard(new ObjectMapper().readTree(ReadmeCommands.repository().resolve("docker/grafana/mailguard.json").toFile()));
    }

    Map<String, List<String>> queriesByTitle() {
        return queriesByTitle;
    }

    /** The queries of the graph titled {@code title}, for the node {@code instance} (host:port). */
    List<String> queries(String title, String instance) {
        List<String> queries = queriesByTitle.get(title);
        if (queries == null) {
            throw new AssertionError("the board has no graph titled '" + title + "'; it has " + queriesByTitle.keySet());
        }
        List<String> filled = new ArrayList<>();
        queries.forEach(query -> filled.add(fill(query, instance)));
        return filled;
    }

    /**
     * {@code $instance} is the node picked, its dots escaped for the regular expression as Grafana
     * escapes them ({@code \\.} inside a PromQL string); Grafana makes {@code $__rate_interval} at
     * least four scrape intervals.
     */
    static String fill(String query, String instance) {
        return query.replace("$instance", instance.replace(".", "\\\\.")).replace("$__rate_interval", "1m");
    }

    /** The metric names the queries name outright. */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (List<String> queries : queriesByTitle.values()) {
            for (String query : queries) {
                Matcher name = NAME.matcher(NAME_PATTERN.matcher(query).replaceAll(""));
                while (name.find()) {
                    names.add(name.group());
                }
            }
        }
        return names;
    }

    /** The name patterns the queries select by. */
    Set<String> namePatterns() {
        Set<String> patterns = new TreeSet<>();
        for (List<String> queries : queriesByTitle.values()) {
            for (String query : queries) {
                Matcher pattern = NAME_PATTERN.matcher(query);
                while (pattern.find()) {
                    patterns.add(pattern.group(1));
                }
            }
        }
        return patterns;
    }
}
