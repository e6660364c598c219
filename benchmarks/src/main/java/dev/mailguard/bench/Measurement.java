package dev.mailguard.bench;

import java.util.Arrays;

/** What one timed run against one server gave. */
final class Measurement {
    private final long messages;
    private final double seconds;
    private final long[] latencyNanos;
    private final long cpuNanos;
    private final long errors;

    Measurement(long messages, double seconds, long[] latencyNanos, long cpuNanos, long errors) {
        this.messages = messages;
        this.seconds = seconds;
        this.latencyNanos = latencyNanos.clone();
        Arrays.sort(this.latencyNanos);
        this.cpuNanos = cpuNanos;
        this.errors = errors;
    }

    double messagesPerSecond() {
        return messages / seconds;
    }

    /** Latency of one transaction in milliseconds at percentile {@code p} (0-100), nearest rank. */
    double latencyMillis(double p) {
        if (latencyNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * latencyNanos.length);
        return latencyNanos[Math.max(0, rank - 1)] / 1e6;
    }

    /** CPU milliseconds per message accepted: of the server JVM, or in one JVM of the listener's SMTP threads. */
    double cpuMillisPerMessage() {
        return messages == 0 ? Double.NaN : cpuNanos / 1e6 / messages;
    }

    long messages() {
        return messages;
    }

    long errors() {
        return errors;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
