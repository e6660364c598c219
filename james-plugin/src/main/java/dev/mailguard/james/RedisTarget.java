package dev.mailguard.james;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.ex.ConversionException;

import dev.mailguard.core.config.Settings;
import dev.mailguard.core.config.StoreSyntax;
import dev.mailguard.core.penalty.PenaltyBoxSettings;
import io.lettuce.core.RedisURI;

/**
 * The Redis a {@code <store>} names: its URI in the penalty box, or with {@code redis} James's own
 * {@code conf/redis.properties}, read with the keys and defaults James 3.8.1's Redis rate limiter
 * reads ({@code redisURL}, {@code cluster.enabled}, false), so that one file configures Redis for
 * James and MailGuard. Parsed at start by Lettuce itself, so that a URI the client cannot use stops
 * James there, never later; every message shows the URI with its password masked.
 */
final class RedisTarget {
    static final String URL = "redisURL";
    static final String CLUSTER = "cluster.enabled";
    static final String FILE = "conf/redis.properties";

    /** James's {@code conf/redis.properties}, found the way James finds it (its PropertiesProvider, "redis"). */
    @FunctionalInterface
    interface JamesRedisProperties {
        Configuration read() throws ConfigurationException, FileNotFoundException;
    }

    /** A penalty box outside James (tests) has no James configuration to read. */
    static final JamesRedisProperties NO_JAMES = () -> {
        throw new FileNotFoundException("no James configuration here");
    };

    final List<RedisURI> uris;
    final boolean cluster;
    final Optional<Path> trustStore;
    /** What logs, records and the status route call the store: the URI, password masked. */
    final String name;
    private final String written;

    private RedisTarget(List<RedisURI> uris, boolean cluster, Optional<Path> trustStore, String written) {
        this.uris = uris;
        this.cluster = cluster;
        this.trustStore = trustStore;
        this.written = written;
        this.name = StoreSyntax.masked(written);
    }

    /** A store on {@code uri} alone, as an inline {@code <store>} names it. */
    static RedisTarget of(String uri) throws ConfigurationException {
        return new RedisTarget(parse(uri, false, "<store>", " (in <penaltyBox>)"), false, Optional.empty(), uri);
    }

    /** The Redis of a penalty box whose store is not memory. */
    static RedisTarget of(PenaltyBoxSettings settings, JamesRedisProperties james) throws ConfigurationException {
        Optional<Path> trustStore = settings.redisTrustStore().map(Path::of);
        if (!settings.store().equals(Settings.REDIS_PROPERTIES_STORE)) {
            return new RedisTarget(parse(settings.store(), false, "<store>", " (in <penaltyBox>)"), false, trustStore,
                settings.store());
        }
        String where = " (in " + FILE + ", which <store>redis</store> in <penaltyBox> reads)";
        Configuration properties;
        try {
            properties = james.read();
        } catch (FileNotFoundException e) {
            throw new ConfigurationException("MailGuard: <store>redis</store> (in <penaltyBox>) reads James's " + FILE
                + ", which is missing (" + e.getMessage() + "): write it with " + URL + "=redis://HOST:PORT, or give <store>"
                + " a Redis URI");
        }
        // James's PropertiesProvider splits values at commas: join them back, as its own reader does
        String url = properties.getList(URL).stream().map(String::valueOf).collect(Collectors.joining(",")).trim();
        if (url.isEmpty()) {
            throw new ConfigurationException("MailGuard: " + URL + " is missing" + where + ": give it the Redis URI");
        }
        boolean cluster;
        try {
            cluster = properties.getBoolean(CLUSTER, false);
        } catch (ConversionException e) {
            throw new ConfigurationException("MailGuard: invalid value '" + properties.getString(CLUSTER) + "' for " + CLUSTER
                + ": expected true or false" + where);
        }
        return new RedisTarget(parse(url, cluster, URL, where), cluster, trustStore, url);
    }

    /**
     * The URIs of {@code written}: several, comma-separated, only for a Cluster (its seed nodes, as
     * James takes them); else one, which for Sentinel holds the commas of its sentinels.
     */
    private static List<RedisURI> parse(String written, boolean cluster, String element, String where)
            throws ConfigurationException {
        List<String> each = cluster ? List.of(written.split(",")) : List.of(written);
        List<RedisURI> uris = new ArrayList<>();
        for (String one : each) {
            RedisURI uri;
            try {
                uri = RedisURI.create(one.trim());
            } catch (RuntimeException e) {
                throw invalid(written, element, where, "the Redis client (Lettuce) cannot read it: " + masked(written, e.getMessage()));
            }
            if (uri.getSocket() != null) {
                throw invalid(written, element, where, "expected a Redis reached over TCP (redis://, rediss:// or redis-sentinel://)");
            }
            if (cluster && (!uri.getSentinels().isEmpty() || uri.getDatabase() != 0)) {
                throw invalid(written, element, where, "expected the redis:// or rediss:// URIs of Cluster nodes, without database,"
                    + " as " + CLUSTER + "=true says");
            }
            uri.setTimeout(RedisPenaltyStore.TIMEOUT);
            uri.getSentinels().forEach(sentinel -> sentinel.setTimeout(RedisPenaltyStore.TIMEOUT));
            uris.add(uri);
        }
        return List.copyOf(uris);
    }

    private static ConfigurationException invalid(String written, String element, String where, String why) {
        return new ConfigurationException(String.format("MailGuard: invalid value '%s' for %s: %s%s",
            StoreSyntax.masked(written), element, why, where));
    }

    /** {@code text} (an error from Redis or Lettuce) with this target's password, if it has one, masked. */
    String masked(String text) {
        return masked(written, text);
    }

    private static String masked(String written, String text) {
        String shown = String.valueOf(text);
        String maskedUri = StoreSyntax.masked(written);
        shown = shown.replace(written, maskedUri);
        for (String password : passwords(written)) {
            shown = shown.replace(password, "****");
        }
        return shown;
    }

    /** The password as written in the URI, if any: what {@link StoreSyntax#masked} hides. */
    private static List<String> passwords(String written) {
        String shown = StoreSyntax.masked(written);
        int start = written.indexOf("://") + 3;
        int hidden = shown.indexOf("****");
        if (hidden < 0 || start < 3) {
            return List.of();
        }
        int end = written.length() - (shown.length() - hidden - 4);
        String password = written.substring(hidden, end);
        return password.length() < 3 ? List.of() : List.of(password);
    }

    /** The database the store's keys and channel are in: a Cluster has only 0. */
    int database() {
        return cluster ? 0 : uris.get(0).getDatabase();
    }

    @Override
    public String toString() {
        return name + (cluster ? " (cluster)" : "");
    }
}
