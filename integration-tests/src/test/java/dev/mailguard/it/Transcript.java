package dev.mailguard.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A golden transcript (after Postfix's smtpd_check.in/.ref): one file per scenario with the
 * client's lines ({@code C:}, sent with CRLF; {@code W:}, sent exactly as written, for bare line
 * ends and several commands in one write), the expected reply lines ({@code S:}), the expected audit records
 * ({@code A:}) and directives ({@code @settings}, {@code @tls}, {@code @body N}, {@code @closed}).
 * In {@code S:} and {@code A:} lines {@code *} matches any text; {@code \r}, {@code \n}, {@code \0}
 * and {@code \xNN} in {@code C:} and {@code W:} lines stand for those bytes.
 */
final class Transcript {
    enum Kind { CLIENT, RAW, SERVER, AUDIT, TLS, BODY, CLOSED }

    static final class Step {
        final Kind kind;
        final String text;
        final int lineNumber;

        Step(Kind kind, String text, int lineNumber) {
            this.kind = kind;
            this.text = text;
            this.lineNumber = lineNumber;
        }
    }

    final String name;
    final String settings;
    final List<Step> steps;

    private Transcript(String name, String settings, List<Step> steps) {
        this.name = name;
        this.settings = settings;
        this.steps = List.copyOf(steps);
    }

    static Transcript read(Path file) throws IOException {
        String settings = "";
        List<Step> steps = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int number = i + 1;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("@settings ")) {
                settings = line.substring("@settings ".length()).trim();
            } else if (line.equals("@tls")) {
                steps.add(new Step(Kind.TLS, "", number));
            } else if (line.equals("@closed")) {
                steps.add(new Step(Kind.CLOSED, "", number));
            } else if (line.startsWith("@body ")) {
                steps.add(new Step(Kind.BODY, line.substring("@body ".length()).trim(), number));
            } else if (line.startsWith("C: ") || line.equals("C:")) {
                steps.add(new Step(Kind.CLIENT, unescape(line.substring(Math.min(3, line.length()))), number));
            } else if (line.startsWith("W: ")) {
                steps.add(new Step(Kind.RAW, unescape(line.substring(3)), number));
            } else if (line.startsWith("S: ")) {
                steps.add(new Step(Kind.SERVER, line.substring(3), number));
            } else if (line.startsWith("A: ")) {
                steps.add(new Step(Kind.AUDIT, line.substring(3), number));
            } else {
                throw new IllegalArgumentException(file.getFileName() + ":" + number + ": cannot read '" + line + "'");
            }
        }
        return new Transcript(file.getFileName().toString(), settings, steps);
    }

    /** True when {@code actual} matches {@code expected}, where {@code *} in expected matches any text. */
    static boolean matches(String expected, String actual) {
        String[] parts = expected.split("\\*", -1);
        if (!actual.startsWith(parts[0])) {
            return false;
        }
        int position = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = actual.indexOf(parts[i], position);
            if (found < 0) {
                return false;
            }
            position = found + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return parts.length == 1 ? actual.equals(expected) : actual.length() - position >= last.length() && actual.endsWith(last);
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'r':
                    out.append('\r');
                    break;
                case 'n':
                    out.append('\n');
                    break;
                case '0':
                    out.append('\0');
                    break;
                case 'x':
                    out.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                    break;
                default:
                    out.append(next);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return name;
    }
}
