package dev.mailguard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One scenario's raw figures as a Markdown table, a row per pair and a row of medians. */
final class ScenarioReport {
    private static final int STOCK = 0;
    private static final int GUARD = 1;
    /** guard smtp, an earlier build (--baseline) or a copy of guard (--aa) */
    private static final int SMTP_MODE = 2;

    private ScenarioReport() {
    }

    /**
     * @param third the third server's name in the headings: {@code guard smtp}, {@code guard baseline}
     *     (an earlier build in esmtp mode) or {@code guard copy} (the same listener again, A/A), whose
     *     column ratio is then guard/baseline or guard/copy
     * @param compilerNanos per pair, the CPU time of the JIT compilers while it ran
     * @return the guard/stock throughput ratio of each pair
     */
    static List<Double> append(StringBuilder report, Scenario scenario, Measurement[][] pairs, long[] compilerNanos, String third) {
        String thirdRatio = third.equals("guard smtp") ? "esmtp/smtp" : "guard/" + third.substring("guard ".length());
        report.append(String.format(Locale.ROOT, "%n## %s%n%n", scenario))
            .append("| pair | msg/s stock | msg/s guard | msg/s " + third + " | guard/stock | " + thirdRatio + " | p50 stock | p50 guard "
                + "| p99 stock | p99 guard | p99 guard/stock | CPU stock | CPU guard | CPU " + third + " | errors |\n")
            .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        int n = pairs.length;
        double[][] columns = new double[13][n];
        List<Double> ratios = new ArrayList<>();
        long errors = 0;
        for (int pair = 0; pair < n; pair++) {
            Measurement[] run = pairs[pair];
            double[] row = {
                run[STOCK].messagesPerSecond(), run[GUARD].messagesPerSecond(), run[SMTP_MODE].messagesPerSecond(),
                run[GUARD].messagesPerSecond() / run[STOCK].messagesPerSecond(),
                run[GUARD].messagesPerSecond() / run[SMTP_MODE].messagesPerSecond(),
                run[STOCK].latencyMillis(50), run[GUARD].latencyMillis(50),
                run[STOCK].latencyMillis(99), run[GUARD].latencyMillis(99),
                run[GUARD].latencyMillis(99) / run[STOCK].latencyMillis(99),
                run[STOCK].cpuMillisPerMessage(), run[GUARD].cpuMillisPerMessage(), run[SMTP_MODE].cpuMillisPerMessage(),
            };
            long pairErrors = run[STOCK].errors() + run[GUARD].errors() + run[SMTP_MODE].errors();
            errors += pairErrors;
            for (int column = 0; column < row.length; column++) {
                columns[column][pair] = row[column];
            }
            ratios.add(row[3]);
            report.append(row(Integer.toString(pair + 1), row, pairErrors));
        }
        double[] medians = new double[columns.length];
        for (int column = 0; column < columns.length; column++) {
            medians[column] = Measurement.median(columns[column]);
        }
        report.append(row("**median**", medians, errors));
        report.append(String.format(Locale.ROOT, "%nMessages per run (pair 1): stock %d, guard %d, %s %d.%n",
            pairs[0][STOCK].messages(), pairs[0][GUARD].messages(), third, pairs[0][SMTP_MODE].messages()));
        StringBuilder compiler = new StringBuilder();
        for (long nanos : compilerNanos) {
            compiler.append(compiler.length() == 0 ? "" : ", ").append(nanos / 1_000_000);
        }
        report.append(String.format(Locale.ROOT, "JIT compilers' CPU during each pair, ms: %s.%n", compiler));
        return ratios;
    }

    private static String row(String label, double[] values, long errors) {
        StringBuilder row = new StringBuilder("| ").append(label);
        for (int column = 0; column < values.length; column++) {
            boolean ratio = column == 3 || column == 4 || column == 9;
            boolean throughput = column < 3;
            row.append(" | ").append(String.format(Locale.ROOT, ratio ? "%.3f" : throughput ? "%.0f" : "%.2f", values[column]));
        }
        return row.append(" | ").append(errors).append(" |\n").toString();
    }
}
