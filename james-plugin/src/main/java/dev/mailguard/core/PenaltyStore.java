package dev.mailguard.core;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * Where the penalty box keeps strikes and boxed clients, by {@link PenaltyKey}: in this JVM
 * ({@link MemoryPenaltyStore}) or in a store every James node shares. Every call may complete
 * exceptionally when the store cannot be reached; the caller then fails open. Expiry is the
 * store's: a boxed client is let in again without anyone calling {@link #release}.
 */
public interface PenaltyStore extends AutoCloseable {
    /** Whether {@code client} is boxed now. */
    CompletableFuture<Boolean> isBoxed(String client);

    /** One strike against {@code client}; true when it is the strike that boxes it. */
    CompletableFuture<Boolean> strike(String client, PenaltyBoxSettings rule);

    /** The clients boxed now. */
    CompletableFuture<List<Penalty>> boxed();

    /** Lets {@code client} in again and forgets its strikes; true when it was boxed. */
    CompletableFuture<Boolean> release(String client);

    /** How many clients the store holds, where it knows without asking a server. */
    default OptionalInt entries() {
        return OptionalInt.empty();
    }

    /** How the store is named in the status route: {@code memory} or its URI. */
    String name();

    @Override
    void close();
}
