package dev.mailguard.core.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * How {@code <store>} is written: {@code memory}, {@code redis} (James's own {@code conf/redis.properties}),
 * or a Redis URI in the syntax of the Redis client (Lettuce's {@code RedisURI}, which may carry a user
 * and a password). Only the scheme is checked here, the core knowing no Redis client: the adapter
 * parses the rest when it opens the store, at start. A password never leaves this class unmasked:
 * {@link #masked} is what errors, logs and the status route show.
 */
public final class StoreSyntax {
    /** The schemes Lettuce takes for a server, TLS, Sentinel and Sentinel over TLS. */
    public static final List<String> SCHEMES = List.of("redis", "rediss", "redis-sentinel", "rediss-sentinel");
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://(.+)$", Pattern.DOTALL);
    private static final String HIDDEN = "****";
    /** The trust store of the JVM James runs in ({@code javax.net.ssl.trustStore}, else the JDK's CAs). */
    public static final String JVM_TRUST_STORE = "jvm";

    private StoreSyntax() {
    }

    static Syntax<String> store() {
        return Syntax.single((element, where, written) -> {
            String store = written.trim();
            if (store.equalsIgnoreCase(Settings.MEMORY_STORE) || store.equalsIgnoreCase(Settings.REDIS_PROPERTIES_STORE)) {
                return store.toLowerCase(Locale.ROOT);
            }
            Matcher uri = SCHEME.matcher(store);
            if (uri.matches() && SCHEMES.contains(uri.group(1).toLowerCase(Locale.ROOT))) {
                return store;
            }
            throw Syntax.invalid(element, where, masked(written), "memory, redis (James's conf/redis.properties) or a"
                + " Redis URI such as redis://HOST:PORT[/DB], rediss://USER:PASSWORD@HOST:PORT or"
                + " redis-sentinel://HOST:PORT,HOST2:PORT#MASTER");
        }, store -> store, StoreSyntax::masked);
    }

    /**
     * {@value #JVM_TRUST_STORE}, or a file that must be readable at start, written as a path (relative:
     * to James's working directory, where {@code conf/} is).
     */
    static Syntax<Optional<String>> trustStore() {
        return Syntax.single((element, where, written) -> {
            String file = written.trim();
            if (file.equalsIgnoreCase(JVM_TRUST_STORE)) {
                return Optional.empty();
            }
            try {
                if (!file.isEmpty() && Files.isRegularFile(Path.of(file)) && Files.isReadable(Path.of(file))) {
                    return Optional.of(file);
                }
            } catch (InvalidPathException e) {
                // reported below
            }
            throw Syntax.invalid(element, where, written, JVM_TRUST_STORE + " or the path of a readable PEM file");
        }, file -> file.orElse(JVM_TRUST_STORE), file -> file.orElse(JVM_TRUST_STORE));
    }

    /**
     * {@code uri} with the password (everything between {@code ://} and the last {@code @} before the
     * fragment, but a user name) replaced by asterisks; anything else is returned as it is. The last
     * {@code @}, since a password may hold one.
     */
    public static String masked(String uri) {
        int start = uri.indexOf("://");
        if (start < 0) {
            return uri;
        }
        start += 3;
        int fragment = uri.indexOf('#', start);
        int at = uri.lastIndexOf('@', fragment < 0 ? uri.length() : fragment);
        if (at < start) {
            return uri;
        }
        String userInfo = uri.substring(start, at);
        int colon = userInfo.indexOf(':');
        String shown = colon < 0 ? HIDDEN : userInfo.substring(0, colon + 1) + HIDDEN;
        return uri.substring(0, start) + shown + uri.substring(at);
    }
}
