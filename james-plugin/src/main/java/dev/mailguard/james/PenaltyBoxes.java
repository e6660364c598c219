package dev.mailguard.james;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;

import dev.mailguard.core.penalty.MemoryPenaltyStore;
import dev.mailguard.core.penalty.Penalty;
import dev.mailguard.core.penalty.PenaltyBoxSettings;
import dev.mailguard.core.penalty.PenaltyStore;

/**
 * The penalty boxes of one James server, one per store named in a {@code <penaltyBox>}: listeners
 * naming the same store share its box, so a client boxed through one is refused by all (and, with
 * Redis, by every node).
 */
final class PenaltyBoxes {
    /** Gauges: values that go down as well as up (clients are released, stores come back). */
    static final String CLIENTS_BOXED = "mailguard.penalty.clients.boxed";
    static final String STORES_UNHEALTHY = "mailguard.penalty.stores.unhealthy";

    private final MetricFactory metrics;
    private final RedisTarget.JamesRedisProperties redisProperties;
    private final Map<String, PenaltyBox> byStore = new LinkedHashMap<>();

    /** {@code redisProperties}: James's conf/redis.properties, which {@code <store>redis</store>} reads. */
    PenaltyBoxes(MetricFactory metrics, GaugeRegistry gauges, RedisTarget.JamesRedisProperties redisProperties) {
        this.metrics = metrics;
        this.redisProperties = redisProperties;
        gauges.register(CLIENTS_BOXED, this::clientsBoxed);
        gauges.register(STORES_UNHEALTHY, () -> boxes().stream().filter(box -> !box.answers()).count());
    }

    /**
     * The clients boxed now in every store, read at each scrape; null (left out of the scrape) while
     * a store does not answer in time, as a partial sum would look like releases.
     */
    private Long clientsBoxed() {
        long sum = 0;
        for (PenaltyBox box : boxes()) {
            Optional<Integer> boxed = box.boxedNow();
            if (boxed.isEmpty()) {
                return null;
            }
            sum += boxed.get();
        }
        return sum;
    }

    /**
     * A listener's {@code <penaltyBox>}: its store's box, opened on first use, counted by the
     * listener's own thresholds and windows. Listeners sharing the memory store must agree on how
     * many clients it keeps.
     */
    synchronized ListenerPenaltyBox open(PenaltyBoxSettings settings) throws ConfigurationException {
        PenaltyBox box = byStore.get(settings.store());
        if (box == null) {
            box = new PenaltyBox(settings, openStore(settings), metrics, Clock.systemUTC());
            byStore.put(settings.store(), box);
        } else if (box.settings().maxEntries() != settings.maxEntries()) {
            throw new ConfigurationException("MailGuard: two listeners give <penaltyBox> with store " + box.store().name()
                + " different <maxEntries> (" + box.settings().maxEntries() + " and " + settings.maxEntries() + "): listeners"
                + " sharing a store share how many clients it keeps");
        }
        return new ListenerPenaltyBox(box, settings);
    }

    private PenaltyStore openStore(PenaltyBoxSettings settings) throws ConfigurationException {
        if (settings.store().equals(PenaltyBoxSettings.MEMORY)) {
            return new MemoryPenaltyStore(settings.maxEntries(), Clock.systemUTC());
        }
        return RedisPenaltyStore.open(RedisTarget.of(settings, redisProperties));
    }

    /** Every boxed client of every store, each with the store that holds it. */
    CompletableFuture<List<Map<String, Object>>> boxed() {
        List<CompletableFuture<List<Map<String, Object>>>> lists = new ArrayList<>();
        for (PenaltyBox box : boxes()) {
            lists.add(box.boxed().thenApply(penalties -> penalties.stream()
                .map(penalty -> shown(penalty, box.store().name())).collect(Collectors.toList())));
        }
        return CompletableFuture.allOf(lists.toArray(CompletableFuture[]::new)).thenApply(done -> lists.stream()
            .flatMap(list -> list.join().stream()).collect(Collectors.toList()));
    }

    private static Map<String, Object> shown(Penalty penalty, String store) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("address", penalty.client());
        shown.put("strikes", penalty.strikes());
        shown.put("expires", penalty.expires().toString());
        shown.put("store", store);
        return shown;
    }

    /** Releases the client from every store; true when some store had it boxed. */
    CompletableFuture<Boolean> release(String key) {
        List<CompletableFuture<Boolean>> releases = boxes().stream().map(box -> box.release(key)).collect(Collectors.toList());
        return CompletableFuture.allOf(releases.toArray(CompletableFuture[]::new))
            .thenApply(done -> releases.stream().anyMatch(CompletableFuture::join));
    }

    List<Map<String, Object>> status() {
        return boxes().stream().map(PenaltyBox::status).collect(Collectors.toList());
    }

    boolean isEmpty() {
        return boxes().isEmpty();
    }

    synchronized void close() {
        byStore.values().forEach(box -> box.store().close());
        byStore.clear();
    }

    private synchronized List<PenaltyBox> boxes() {
        return List.copyOf(byStore.values());
    }
}
