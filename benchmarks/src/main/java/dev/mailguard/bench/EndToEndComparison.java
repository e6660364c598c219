package dev.mailguard.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Stock James against James with MailGuard (esmtp mode, and smtp mode for the esmtp/smtp target),
 * measured in turns ({@link LoadRun}): after a warm-up, each pair is a few seconds in which the
 * listeners take turns of one message per session, every few milliseconds, in an order that rotates
 * from round to round, so that neither drift nor a listener's place favours one. Prints every raw
 * figure as Markdown (also written to benchmarks/target/e2e/results.md) and, last, the median
 * guard/stock throughput ratio over all pairs of all scenarios.
 *
 * <p>By default the three listeners run in one James JVM ({@link ServerUnderTest#oneJvm}): they share
 * the JIT's compiled code, so what the compiler does at a given moment, and how fast the machine is,
 * falls on all three alike, and CPU is counted per listener from its own SMTP threads. On a small
 * shared machine three JVMs, each with its own compiler, and turns of whole seconds, scattered too
 * much to show a few per cent (docs/benchmarks.md, "Machine"; earlier rounds in its git history).
 *
 * <p>Options: {@code --pairs N} (10), {@code --seconds S} of turns per listener and pair (2; decimals
 * allowed), {@code --warmup S} per listener and scenario in the first warm-up pass (5; further passes of
 * 1 s each follow until the JIT compilers are nearly idle, see {@link #warmUp}, and each scenario also
 * gets 2 s per listener just before its pairs), {@code --warmup-limit S} on the whole warm-up (240),
 * {@code --scenarios all|N,N,...} (1-based, in {@link Scenario#all()}
 * order), {@code --aa}: the third listener is a second copy of the guard one (an A/A check of the
 * method, ratio guard/copy), {@code --separate-jvms}: each listener in its own JVM (the method before
 * 2026-12-02), and {@code --baseline DIR}: an {@code extensions-jars} folder of an earlier
 * MailGuard build, run in esmtp mode in place of the smtp-mode listener, so that a change is measured
 * against the code before it in the same pairs (ratio guard/baseline). Two builds of the plugin cannot
 * share a JVM, so {@code --baseline} implies {@code --separate-jvms}.
 *
 * <p>{@code --penalty-box memory|redis} turns the penalty box on in both guard listeners (not in
 * stock), one JVM only: {@code memory} adds {@code <penaltyBox/>} (every default) to their MailGuard
 * handler, {@code redis} adds {@code <penaltyBox><store>redis://127.0.0.1:PORT</store></penaltyBox>}
 * and runs a redis-server of its own ({@link RedisServer}) from before James starts to the end. The
 * clients never break the protocol, so the box costs each connection its lookup at connect (for Redis,
 * a round trip); the report then says how many lookups ({@code EXISTS}) Redis answered. Compare the
 * guard/stock ratios with a run without the option.
 */
public final class EndToEndComparison {
    /** Warm-up passes go on until the JIT compilers are busy for less than this share of one. */
    private static final double QUIET_COMPILER_SHARE = 0.01;
    /** Seconds per listener and scenario of each warm-up pass after the first. */
    private static final int WARMUP_PASS_SECONDS = 1;

    private EndToEndComparison() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Layout layout = new Layout(Path.of(System.getProperty("mailguard.root", ".")));
        StringBuilder report = new StringBuilder();
        List<Double> allRatios = new ArrayList<>();
        List<ServerUnderTest> servers = new ArrayList<>();
        RedisServer redis = null;
        try {
            if (options.separateJvms) {
                servers.add(ServerUnderTest.stock(layout));
                servers.add(ServerUnderTest.guardEsmtp(layout));
                servers.add(options.baseline == null ? ServerUnderTest.guardSmtp(layout)
                    : ServerUnderTest.guardBaseline(layout, options.baseline));
            } else {
                if ("redis".equals(options.penaltyBox)) {
                    redis = RedisServer.start(layout);
                    progress("redis-server ready on %s", redis.uri());
                }
                servers.addAll(ServerUnderTest.oneJvm(layout, options.aa, options.penaltyBoxElement(redis)));
            }
            for (ServerUnderTest server : servers) {
                server.awaitReady();
                progress("%s ready on %s", server.name(), server.smtp());
            }
            String warmUp = warmUp(servers, options);
            report.append(header(options, redis)).append(warmUp);
            for (Scenario scenario : options.scenarios) {
                allRatios.addAll(compare(scenario, servers, options, report));
            }
            if (redis != null) {
                // a node asks Redis (EXISTS) only while its copy of the box is not loaded; SUBSCRIBE shows the box reached Redis
                report.append(String.format(Locale.ROOT, "%nredis-server answered %d penalty box lookups (EXISTS) and %d"
                    + " subscriptions to box events (SUBSCRIBE), warm-up included.%n", redis.calls("exists"), redis.calls("subscribe")));
            }
        } finally {
            for (ServerUnderTest server : servers) {
                server.close();
            }
            if (redis != null) {
                redis.close();
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

    /**
     * JIT warm-up on every load shape before anything is measured, in passes over all of them, until
     * the JIT compilers were busy for less than {@link #QUIET_COMPILER_SHARE} of a pass or the
     * warm-up has lasted {@code --warmup-limit} seconds. A listener whose code is still being compiled
     * while the pairs run is measured partly in the slower code of the first compiler tiers; methods
     * that only MailGuard's listeners run (two of the three) are called less often than James's, which
     * all three run, so they can reach the last tier later. Returns the warm-up's description for the
     * report.
     */
    private static String warmUp(List<ServerUnderTest> servers, Options options) throws Exception {
        long start = System.nanoTime();
        double share;
        int pass = 0;
        do { // the first pass always runs, whatever the limit
            pass++;
            long passStart = System.nanoTime();
            long compilerBefore = ServerUnderTest.compilerNanos(servers);
            Duration perServer = Duration.ofSeconds(pass == 1 ? options.firstWarmupSeconds : WARMUP_PASS_SECONDS);
            for (Scenario scenario : options.scenarios) {
                LoadRun.run(servers, scenario, perServer);
            }
            share = (ServerUnderTest.compilerNanos(servers) - compilerBefore) / (double) (System.nanoTime() - passStart);
            progress("warm-up pass %d: JIT compilers busy %.1f %% of it", pass, share * 100);
        } while (share >= QUIET_COMPILER_SHARE && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(options.warmupLimitSeconds));
        return String.format(Locale.ROOT, "%nWarm-up: %d passes over every scenario, %.0f s; the JIT compilers were busy "
            + "%.1f %% of the last (passes go on until that is below %.0f %% or the warm-up has lasted %d s).%n",
            pass, (System.nanoTime() - start) / 1e9, share * 100, QUIET_COMPILER_SHARE * 100, options.warmupLimitSeconds);
    }

    /** Runs one scenario's pairs and returns the guard/stock throughput ratio of each pair. */
    private static List<Double> compare(Scenario scenario, List<ServerUnderTest> servers, Options options, StringBuilder report)
            throws Exception {
        Duration run = Duration.ofMillis(Math.round(options.seconds * 1000));
        LoadRun.run(servers, scenario, Duration.ofSeconds(options.warmupSeconds));
        Measurement[][] results = new Measurement[options.pairs][];
        long[] compilerNanos = new long[options.pairs];
        for (int pair = 0; pair < options.pairs; pair++) {
            long compilerBefore = ServerUnderTest.compilerNanos(servers);
            results[pair] = LoadRun.run(servers, scenario, run);
            compilerNanos[pair] = ServerUnderTest.compilerNanos(servers) - compilerBefore;
            progress("%s: pair %d/%d: %.0f / %.0f / %.0f msg/s", scenario, pair + 1, options.pairs,
                results[pair][0].messagesPerSecond(), results[pair][1].messagesPerSecond(), results[pair][2].messagesPerSecond());
        }
        return ScenarioReport.append(report, scenario, results, compilerNanos, options.thirdName());
    }

    private static String header(Options options, RedisServer redis) {
        String penaltyBox = options.penaltyBox == null ? "" : String.format(Locale.ROOT,
            "%nPenalty box on in both guard listeners, not in stock: `%s`%s.%n", options.penaltyBoxElement(redis),
            redis == null ? "" : ", a redis-server of the run's own on loopback");
        return String.format(Locale.ROOT, "# End-to-end: stock James 3.8.1 vs James with MailGuard%n%n"
            + "%d pairs per scenario, %s s of turns per listener and pair (a turn: one message from each session; "
            + "every order of the three listeners over six rounds of turns), %s, "
            + "%d CPUs, Java %s. Latency in ms per transaction; CPU in ms per message of %s.%n",
            options.pairs, options.seconds, options.separateJvms ? "each listener in its own JVM" : "the three listeners in one JVM",
            Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
            options.separateJvms ? "the listener's JVM" : "the listener's own SMTP threads (the JVM's shared threads, "
                + "such as the spooler, the compiler and the garbage collector, counted for none)") + penaltyBox;
    }

    private static void progress(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }

    private static final class Options {
        int pairs = 10;
        double seconds = 2;
        int warmupSeconds = 2;
        int firstWarmupSeconds = 5;
        int warmupLimitSeconds = 240;
        List<Scenario> scenarios = Scenario.all();
        Path baseline;
        boolean separateJvms;
        boolean aa;
        /** memory, redis or null: --penalty-box */
        String penaltyBox;

        /** The guard listeners' {@code <penaltyBox>} element, or null without --penalty-box. */
        String penaltyBoxElement(RedisServer redis) {
            if (penaltyBox == null) {
                return null;
            }
            return redis == null ? "<penaltyBox/>" : "<penaltyBox><store>" + redis.uri() + "</store></penaltyBox>";
        }

        String thirdName() {
            return baseline != null ? "guard baseline" : aa ? "guard copy" : "guard smtp";
        }

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i += 2) {
                if (args[i].equals("--separate-jvms") || args[i].equals("--aa")) {
                    options.separateJvms |= args[i].equals("--separate-jvms");
                    options.aa |= args[i].equals("--aa");
                    i--; // a flag without a value
                    continue;
                }
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--pairs":
                        options.pairs = Integer.parseInt(value);
                        break;
                    case "--seconds":
                        options.seconds = Double.parseDouble(value);
                        break;
                    case "--warmup":
                        options.firstWarmupSeconds = Integer.parseInt(value);
                        break;
                    case "--warmup-limit":
                        options.warmupLimitSeconds = Integer.parseInt(value);
                        break;
                    case "--scenarios":
                        options.scenarios = select(value);
                        break;
                    case "--penalty-box":
                        if (!value.equals("memory") && !value.equals("redis")) {
                            throw new IllegalArgumentException("--penalty-box takes memory or redis, not " + value);
                        }
                        options.penaltyBox = value;
                        break;
                    case "--baseline":
                        options.baseline = Path.of(value).toAbsolutePath();
                        options.separateJvms = true; // two builds of the plugin cannot share a JVM
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --pairs N --seconds S --warmup S --warmup-limit S --scenarios all|N,N,... --aa --separate-jvms --baseline DIR --penalty-box memory|redis");
                }
            }
            if (options.aa && options.baseline != null) {
                throw new IllegalArgumentException("--aa and --baseline both name the third listener; give one");
            }
            if (options.penaltyBox != null && options.separateJvms) {
                throw new IllegalArgumentException("--penalty-box runs the listeners in one JVM; drop --separate-jvms and --baseline");
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
