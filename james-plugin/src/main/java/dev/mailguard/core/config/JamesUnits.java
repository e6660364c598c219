package dev.mailguard.core.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.apache.james.util.DurationParser;
import org.apache.james.util.Size;

/**
 * Durations and sizes written as James's own configuration writes them, parsed by James's own
 * parsers so that a value means in MailGuard's elements what it means in James's
 * ({@code maxmessagesize}, timeouts). These two classes of james-server-util are the only James
 * classes the core uses: they are plain parsers, and a James release that changes its units changes
 * MailGuard's with it. The ranges, and the start-up error naming the element and the value, are
 * MailGuard's.
 */
final class JamesUnits {
    private static final Duration MAX_DURATION = Duration.ofDays(365);

    private JamesUnits() {
    }

    /**
     * A duration from 1ms to 365d in {@link DurationParser}'s syntax: a number and a unit
     * ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 2d}, {@code 1w}, or their long
     * names), a bare number being milliseconds.
     */
    static Syntax<Duration> duration() {
        return Syntax.single((element, where, written) -> {
            try {
                Duration parsed = DurationParser.parse(written.trim(), ChronoUnit.MILLIS);
                if (parsed.compareTo(Duration.ofMillis(1)) >= 0 && parsed.compareTo(MAX_DURATION) <= 0) {
                    return parsed;
                }
            } catch (IllegalArgumentException | ArithmeticException e) {
                // NumberFormatException for the syntax, IllegalArgumentException for a negative amount,
                // ArithmeticException for one too large: all reported below
            }
            throw Syntax.invalid(element, where, written, "a duration from 1ms to 365d such as 500ms, 30s, 10m or 1h");
        }, JamesUnits::written, Duration::toString);
    }

    /** A duration as an administrator writes it, in its largest whole unit ({@code 10m}, {@code 1500ms}). */
    static String written(Duration duration) {
        long millis = duration.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] names = {"d", "h", "m", "s"};
        for (int unit = 0; unit < units.length; unit++) {
            if (millis % units[unit] == 0) {
                return millis / units[unit] + names[unit];
            }
        }
        return millis + "ms";
    }

    /**
     * A size in octets from {@code min} to {@code max} in {@link Size}'s syntax: a whole number,
     * optionally followed by {@code K}, {@code M} or {@code G} (1024, 1024² and 1024³ octets, in
     * either case) or {@code B} (octets).
     */
    static Syntax<Long> size(long min, long max) {
        return Syntax.single((element, where, written) -> {
            String trimmed = written.trim();
            try {
                Size size = trimmed.isEmpty() ? null : Size.parse(trimmed);
                // Size multiplies without overflow checks: the number is bounded first
                if (size != null && size.getValue() >= 0 && size.getValue() <= max) {
                    long octets = size.asBytes();
                    if (octets >= min && octets <= max) {
                        return octets;
                    }
                }
            } catch (IllegalArgumentException e) {
                // an unknown unit or no number: reported below
            }
            throw Syntax.invalid(element, where, written, "a whole number from " + min + " to " + max
                + " (octets), or with a unit: 512K, 20M, 1G");
        }, String::valueOf, value -> value);
    }
}
