package dev.mailguard.core.penalty;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * When strikes of one kind box a client: {@code threshold} of them within {@code window} box it for
 * {@code duration}. Each kind counts its own strikes against its own threshold; the box they lead to is
 * the client's one box. Immutable.
 */
public final class StrikeRule {
    /** Protocol violations that end or poison a session. */
    public static final String VIOLATIONS = "violation";
    /** Failed AUTH attempts. */
    public static final String AUTH_FAILURES = "auth";
    /** Every kind there is: {@link PenaltyStore#release} forgets the strikes of each. */
    public static final List<String> KINDS = List.of(VIOLATIONS, AUTH_FAILURES);

    private final String kind;
    private final int threshold;
    private final Duration window;
    private final Duration duration;

    /** @throws IllegalArgumentException for a kind not in {@link #KINDS}, a threshold below 1 or a window under 1 ms */
    public StrikeRule(String kind, int threshold, Duration window, Duration duration) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown strike kind '" + kind + "'; known are " + KINDS);
        }
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold " + threshold + " is below 1");
        }
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("window " + window + " is under 1 ms");
        }
        this.kind = kind;
        this.threshold = threshold;
        this.window = window;
        this.duration = Objects.requireNonNull(duration, "duration");
    }

    /** {@link #VIOLATIONS} or {@link #AUTH_FAILURES}. */
    public String kind() {
        return kind;
    }

    /** Strikes of this kind within {@link #window()} that box the client. */
    public int threshold() {
        return threshold;
    }

    public Duration window() {
        return window;
    }

    /** How long the strike that reaches the threshold boxes the client. */
    public Duration duration() {
        return duration;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof StrikeRule)) {
            return false;
        }
        StrikeRule rule = (StrikeRule) other;
        return kind.equals(rule.kind) && threshold == rule.threshold && window.equals(rule.window)
            && duration.equals(rule.duration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, threshold, window, duration);
    }

    @Override
    public String toString() {
        return kind + " threshold=" + threshold + " window=" + window + " duration=" + duration;
    }
}
