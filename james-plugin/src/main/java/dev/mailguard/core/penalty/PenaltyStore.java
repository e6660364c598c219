package dev.mailguard.core.penalty;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * Where the penalty box keeps strikes, boxed clients and rate counters, by {@link PenaltyKey}: in this
 * JVM ({@link MemoryPenaltyStore}) or in a store every James node shares. Every call may complete
 * exceptionally when the store cannot be reached; the caller then fails open. Expiry is the
 * store's: a boxed client is let in again, and strikes and counters are forgotten, without anyone
 * calling {@link #release}.
 */
public interface PenaltyStore extends AutoCloseable {
    /** Whether {@code client} is boxed now. */
    CompletableFuture<Boolean> isBoxed(String client);

    /**
     * One strike of {@code rule}'s kind against {@code client}; true when it is the strike that boxes it.
     * Strikes count only towards their own kind's threshold, and not at all while the client is boxed.
     */
    CompletableFuture<Boolean> strike(String client, StrikeRule rule);

    /** The clients boxed now. */
    CompletableFuture<List<Penalty>> boxed();

    /** Lets {@code client} in again and forgets its strikes of every kind; true when it was boxed. */
    CompletableFuture<Boolean> release(String client);

    /**
     * Counts one event of {@code counter} (a word such as {@code connection}, {@code message},
     * {@code recipient}; one window per counter) for {@code client} now, and answers about how many
     * it had within the last {@code window}, this one included. A sliding window counter, so that it
     * takes two numbers per client however busy: buckets {@code window} long from the epoch, the
     * current one counted in full and the previous one in the part the window still covers,
     * {@code floor(previous * (window - elapsed) / window) + current}. A counter vanishes two
     * windows after its last event.
     *
     * @throws IllegalArgumentException when {@code window} is under 1 ms
     */
    CompletableFuture<Long> count(String client, String counter, Duration window);

    /**
     * A caller gave up on a call: it failed, or came later than the caller would wait. A store that
     * answers from a copy of its server's data stops doing so until the server answers again, so that
     * an answer never hides a server that does not.
     */
    default void unanswered() {
    }

    /** How many clients the store holds, where it knows without asking a server. */
    default OptionalInt entries() {
        return OptionalInt.empty();
    }

    /** How the store is named in the status route: {@code memory} or its URI. */
    String name();

    @Override
    void close();
}
