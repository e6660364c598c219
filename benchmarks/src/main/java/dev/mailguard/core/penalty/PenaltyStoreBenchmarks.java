package dev.mailguard.core.penalty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What the penalty box costs a connection with the memory store (docs/reference.md, "Penalty box"):
 * the key of the client's address and the lookup at connect, in a store full at its default
 * 100,000 entries, for a client it holds and one it does not; and a strike, which only a violating
 * session pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PenaltyStoreBenchmarks {
    private static final int ENTRIES = 100_000;
    private static final StrikeRule RULE = new StrikeRule(StrikeRule.VIOLATIONS, 3, Duration.ofMinutes(10),
        Duration.ofMinutes(30));

    private final MemoryPenaltyStore store = full();
    private final InetAddress heldIpv4 = literal("10.0.195.80");
    private final InetAddress newIpv4 = literal("203.0.113.77");
    private final InetAddress ipv6 = literal("2001:db8:1:2::77");
    private int striker;

    @Benchmark
    public boolean lookupHeldClient() {
        return store.isBoxed(PenaltyKey.of(heldIpv4)).join();
    }

    @Benchmark
    public boolean lookupUnknownClient() {
        return store.isBoxed(PenaltyKey.of(newIpv4)).join();
    }

    @Benchmark
    public boolean lookupIpv6Client() {
        return store.isBoxed(PenaltyKey.of(ipv6)).join();
    }

    /** A strike from a new address each time: the store stays full and evicts its oldest entry. */
    @Benchmark
    public boolean strikeEvictingTheOldest() {
        int client = striker++;
        return store.strike("172." + (client >> 16 & 0xff) + "." + (client >> 8 & 0xff) + "." + (client & 0xff), RULE).join();
    }

    private static MemoryPenaltyStore full() {
        MemoryPenaltyStore store = new MemoryPenaltyStore(ENTRIES, Clock.systemUTC());
        for (int client = 0; client < ENTRIES; client++) {
            store.strike("10." + (client >> 16 & 0xff) + "." + (client >> 8 & 0xff) + "." + (client & 0xff), RULE).join();
        }
        return store;
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
