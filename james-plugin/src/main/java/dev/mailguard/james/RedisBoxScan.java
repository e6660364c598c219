package dev.mailguard.james;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import dev.mailguard.core.penalty.Penalty;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * The clients boxed in Redis, read without blocking it: SCAN of the box keys, then GET and PTTL of
 * each. On a Cluster, Lettuce's SCAN goes through every master one after the other, and each GET and
 * PTTL goes to the master of its key's slot.
 */
final class RedisBoxScan {
    private RedisBoxScan() {
    }

    /**
     * {@code scans}: where each SCAN is sent from. Not a Netty event loop: on a Cluster, Lettuce's SCAN
     * waits for its connection to the next master, and the reply that waits must come on that loop.
     */
    static CompletableFuture<List<Penalty>> boxed(RedisClusterAsyncCommands<String, String> redis, Executor scans) {
        return boxKeys(redis, scans, ScanCursor.INITIAL, new LinkedHashSet<>()).thenCompose(keys -> penalties(redis, keys));
    }

    /** SCAN for the box keys, page after page (a key may come twice, hence the set). */
    private static CompletableFuture<Set<String>> boxKeys(RedisClusterAsyncCommands<String, String> redis, Executor scans,
            ScanCursor cursor, Set<String> found) {
        return CompletableFuture.supplyAsync(() -> redis.scan(cursor, ScanArgs.Builder.matches(RedisKeys.BOX + "*").limit(500)),
                scans)
            .thenCompose(page -> page.toCompletableFuture())
            .thenCompose((KeyScanCursor<String> page) -> {
                found.addAll(page.getKeys());
                return page.isFinished() ? CompletableFuture.completedFuture(found) : boxKeys(redis, scans, page, found);
            });
    }

    /** GET and PTTL of each box key (pipelined); a box that expired in between is left out. */
    private static CompletableFuture<List<Penalty>> penalties(RedisClusterAsyncCommands<String, String> redis,
            Collection<String> keys) {
        List<CompletableFuture<Penalty>> each = new ArrayList<>();
        for (String key : keys) {
            CompletableFuture<String> strikes = redis.get(key).toCompletableFuture();
            CompletableFuture<Long> ttl = redis.pttl(key).toCompletableFuture();
            each.add(strikes.thenCombine(ttl, (value, millis) -> value == null || millis == -2 ? null
                : new Penalty(RedisKeys.clientOfBox(key), Integer.parseInt(value),
                    millis == -1 ? Instant.MAX : Instant.now().plusMillis(millis))));
        }
        return CompletableFuture.allOf(each.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            List<Penalty> boxed = new ArrayList<>();
            for (CompletableFuture<Penalty> penalty : each) {
                if (penalty.join() != null) {
                    boxed.add(penalty.join());
                }
            }
            return boxed;
        });
    }
}
