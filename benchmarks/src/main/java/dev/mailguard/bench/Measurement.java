package dev.mailguard.bench;

import java.util.Arrays;

/** What one timed run against one server gave. */
final class Measurement {
    private final long messages;
    private final double seconds;
    private final long[] latencyNanos;
    private final long cpuMillis;
    private final long errors;

    Measurement(long messages, double seconds, long[] latencyNanos, long cpuMillis, long errors) {
        this.messages = messages;
        this.seconds = seconds;
        this.latencyNanos = latencyNanos.clone();
        Arrays.sort(this.latencyNanos);
        this.cpuMillis = cpuMillis;
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

    /** The server JVM's CPU time (user and system) per message accepted. */
    double cpuMillisPerMessage() {
        return messages == 0 ? Double.NaN : (double) cpuMillis / messages;
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
