package dev.mailguard.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stock James against James with MailGuard (esmtp mode, and smtp mode for the esmtp/smtp target),
 * three servers in their own JVMs, measured in turns: after a warm-up, each pair runs every server once
 * for the same time, in an order that changes from pair to pair (every order of the three over six
 * pairs), so that neither drift nor a server's place in the pair favours one. Prints every raw
 * figure as Markdown (also written to benchmarks/target/e2e/results.md) and, last, the median
 * guard/stock throughput ratio over all pairs of all scenarios.
 *
 * <p>Options: {@code --pairs N} (10), {@code --seconds S} per run (2), {@code --warmup S} per server
 * and scenario before anything is measured (5; each scenario also gets 2 s per server just before its
 * pairs), {@code --scenarios all|N,N,...} (1-based, in {@link Scenario#all()} order), and
 * {@code --baseline DIR}: an {@code extensions-jars} folder of an earlier MailGuard build, run in
 * esmtp mode in place of the smtp-mode server, so that a change is measured against the code before
 * it in the same pairs (the third column and its ratio are then that build's).
 */
public final class EndToEndComparison {
    private EndToEndComparison() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Layout layout = new Layout(Path.of(System.getProperty("mailguard.root", ".")));
        StringBuilder report = new StringBuilder();
        List<Double> allRatios = new ArrayList<>();
        List<ServerUnderTest> servers = new ArrayList<>();
        try {
            servers.add(ServerUnderTest.stock(layout));
            servers.add(ServerUnderTest.guardEsmtp(layout));
            servers.add(options.baseline == null ? ServerUnderTest.guardSmtp(layout)
                : ServerUnderTest.guardBaseline(layout, options.baseline));
            for (ServerUnderTest server : servers) {
                server.awaitReady();
                progress("%s ready on %s", server.name(), server.smtp());
            }
            // JIT warm-up on every load shape before anything is measured
            for (Scenario scenario : options.scenarios) {
                for (ServerUnderTest server : servers) {
                    LoadRun.run(server, scenario, Duration.ofSeconds(options.firstWarmupSeconds));
                }
            }
            progress("warmed up");
            report.append(header(options));
            for (Scenario scenario : options.scenarios) {
                allRatios.addAll(compare(scenario, servers, options, report));
            }
        } finally {
            for (ServerUnderTest server : servers) {
                server.close();
            }
        }
        double[] ratios = allRatios.stream().mapToDouble(Double::doubleValue).toArray();
        String last = String.format(Locale.ROOT, "guard/stock throughput ratio: %.3f (median of %d pairs)",
            Measurement.median(ratios), ratios.length);
        report.append('\n').append(last).append('\n');
        Files.writeString(layout.work().resolve("results.md"), report, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.print(report);
    }

    /** Runs one scenario's pairs and returns the guard/stock throughput ratio of each pair. */
    private static List<Double> compare(Scenario scenario, List<ServerUnderTest> servers, Options options, StringBuilder report)
            throws Exception {
        Duration run = Duration.ofSeconds(options.seconds);
        for (ServerUnderTest server : servers) {
            LoadRun.run(server, scenario, Duration.ofSeconds(options.warmupSeconds));
        }
        int n = servers.size();
        Measurement[][] results = new Measurement[options.pairs][n];
        for (int pair = 0; pair < options.pairs; pair++) {
            for (int turn = 0; turn < n; turn++) {
                int server = serverAt(pair, turn, n);
                results[pair][server] = LoadRun.run(servers.get(server), scenario, run);
            }
            progress("%s: pair %d/%d: %.0f / %.0f / %.0f msg/s", scenario, pair + 1, options.pairs,
                results[pair][0].messagesPerSecond(), results[pair][1].messagesPerSecond(), results[pair][2].messagesPerSecond());
        }
        return ScenarioReport.append(report, scenario, results, options.baseline == null ? "guard smtp" : "guard baseline");
    }

    /**
     * Which server runs at {@code turn} of {@code pair}: the order rotated by one each pair, and
     * reversed in every other group of {@code n} pairs, which for three servers gives every order
     * once in six pairs. With the order only reversed every other pair, the middle server always ran
     * right after another server's run: a place no server should keep, though on the noisy day this
     * was tried it did not explain what an A/A run showed (docs/benchmarks.md, fourth round).
     */
    static int serverAt(int pair, int turn, int n) {
        int rotated = (turn + pair) % n;
        return (pair / n) % 2 == 0 ? rotated : n - 1 - rotated;
    }

    private static String header(Options options) {
        return String.format(Locale.ROOT, "# End-to-end: stock James 3.8.1 vs James with MailGuard%n%n"
            + "%d pairs per scenario, %d s per run, servers in turn (every order of the three over six pairs), "
            + "%d CPUs, Java %s. Latency in ms per transaction; CPU in ms of the server JVM per message.%n",
            options.pairs, options.seconds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    }

    private static void progress(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }

    private static final class Options {
        int pairs = 10;
        int seconds = 2;
        int warmupSeconds = 2;
        int firstWarmupSeconds = 5;
        List<Scenario> scenarios = Scenario.all();
        Path baseline;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i + 1 < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--pairs":
                        options.pairs = Integer.parseInt(value);
                        break;
                    case "--seconds":
                        options.seconds = Integer.parseInt(value);
                        break;
                    case "--warmup":
                        options.firstWarmupSeconds = Integer.parseInt(value);
                        break;
                    case "--scenarios":
                        options.scenarios = select(value);
                        break;
                    case "--baseline":
                        options.baseline = Path.of(value).toAbsolutePath();
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --pairs N --seconds S --warmup S --scenarios all|N,N,... --baseline DIR");
                }
            }
            return options;
        }

        private static List<Scenario> select(String value) {
            if (value.equals("all")) {
                return Scenario.all();
            }
            List<Scenario> selected = new ArrayList<>();
            for (String number : value.split(",")) {
                selected.add(Scenario.all().get(Integer.parseInt(number.trim()) - 1));
            }
            return selected;
        }
    }
}
