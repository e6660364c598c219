package dev.mailguard.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * fail2ban-regex, fail2ban's own filter tester (Debian package fail2ban), run over a log file with a
 * filter file, and what it reports: the lines it matched and, in a second run, the address it would
 * ban for each.
 */
final class Fail2banRegex {
    private static final Pattern SUMMARY = Pattern.compile("(?m)^Lines: (\\d+) lines, (\\d+) ignored, (\\d+) matched, (\\d+) missed");
    private static final Pattern DATE_HIT = Pattern.compile("^\\[(\\d+)\\] ");

    private final ExternalProgram program;

    private Fail2banRegex(ExternalProgram program) {
        this.program = program;
    }

    static Fail2banRegex require() {
        return new Fail2banRegex(ExternalProgram.require("fail2ban-regex", "fail2ban"));
    }

    Report run(Path log, Path filter) {
        String printed = program.run("--print-all-matched", log.toString(), filter.toString());
        // --out ip prints one line per match: the address (or IPv6 network) the jail would ban
        List<String> bans = program.run("--out", "ip", log.toString(), filter.toString()).lines()
            .filter(line -> !line.isBlank()).collect(Collectors.toList());
        return new Report(printed, bans);
    }

    /** What one filter made of one log. */
    static final class Report {
        private final String printed;
        private final List<String> bans;

        private Report(String printed, List<String> bans) {
            this.printed = printed;
            this.bans = bans;
        }

        /** The output of --print-all-matched, for messages. */
        String printed() {
            return printed;
        }

        /** The address (or IPv6 network) each match bans, in the log's order. */
        List<String> bans() {
            return bans;
        }

        /** The lines of the log, as fail2ban counted them. */
        int lines() {
            return summary(1);
        }

        int matched() {
            return summary(3);
        }

        /** The matched lines, as in the log. */
        List<String> matchedLines() {
            return section("|- Matched line(s):");
        }

        /** How many lines each date template found a timestamp in. */
        List<Integer> dateTemplateHits() {
            List<Integer> hits = new ArrayList<>();
            for (String line : section("Date template hits:")) {
                Matcher hit = DATE_HIT.matcher(line);
                if (hit.find()) {
                    hits.add(Integer.valueOf(hit.group(1)));
                }
            }
            return hits;
        }

        private int summary(int group) {
            Matcher summary = SUMMARY.matcher(printed);
            if (!summary.find()) {
                throw new AssertionError("fail2ban-regex printed no summary:\n" + printed);
            }
            return Integer.parseInt(summary.group(group));
        }

        /** The "|  " lines after {@code heading} up to the "`-" that ends its list, without that prefix. */
        private List<String> section(String heading) {
            List<String> lines = printed.lines().collect(Collectors.toList());
            int start = lines.indexOf(heading);
            if (start < 0) {
                return List.of();
            }
            List<String> items = new ArrayList<>();
            for (String line : lines.subList(start + 1, lines.size())) {
                if (line.startsWith("`-")) {
                    break;
                }
                if (line.startsWith("|  ")) {
                    items.add(line.substring(3));
                }
            }
            return items;
        }
    }
}
