package dev.mailguard.james;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

/**
 * The Lettuce client of a {@link RedisTarget}: a {@link RedisClient} for one server, or for the master
 * Sentinel names (Lettuce asks the sentinels again at every reconnect, so it follows a failover: the
 * sentinels make the old master's clients reconnect when they demote it), or a
 * {@link RedisClusterClient} that routes each command by its first key's slot and follows the
 * topology. Both answer the commands the store uses through {@link RedisClusterAsyncCommands}, on a
 * Cluster a SCAN going through every master.
 */
final class RedisConnector {
    /** Reconnect attempts back off to at most this, so that the box works again soon after Redis does. */
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);
    /** A Cluster's topology is read again this often, and at once on a MOVED, ASK or lost node. */
    private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(10);

    /** A connection and its commands: the connection to close, the commands to run. */
    static final class Connected {
        final StatefulConnection<String, String> connection;
        final RedisClusterAsyncCommands<String, String> commands;

        Connected(StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> commands) {
            this.connection = connection;
            this.commands = commands;
        }
    }

    private final RedisTarget target;
    private final ClientResources resources;
    private final RedisClient single;
    private final RedisClusterClient cluster;
    /** A Cluster's first topology, read once for both connections: Lettuce fails two connects that race to read it. */
    private final AtomicReference<CompletableFuture<Void>> topology = new AtomicReference<>();

    RedisConnector(RedisTarget target) {
        this.target = target;
        this.resources = DefaultClientResources.builder()
            .reconnectDelay(Delay.exponential(Duration.ofMillis(1), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
            .build();
        SocketOptions socket = SocketOptions.builder().connectTimeout(RedisPenaltyStore.TIMEOUT).build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(RedisPenaltyStore.TIMEOUT);
        // commands fail at once while disconnected, rather than wait in a queue: the store fails open
        if (target.cluster) {
            this.single = null;
            this.cluster = RedisClusterClient.create(resources, target.uris);
            cluster.setOptions(ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enablePeriodicRefresh(TOPOLOGY_REFRESH)
                    .enableAllAdaptiveRefreshTriggers().build())
                .autoReconnect(true).disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socket).timeoutOptions(timeouts).sslOptions(ssl()).build());
        } else {
            this.cluster = null;
            this.single = RedisClient.create(resources);
            single.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socket).timeoutOptions(timeouts).sslOptions(ssl()).build());
        }
    }

    /** The trust store the configuration names (PEM), else the JVM's, for {@code rediss://}. */
    private SslOptions ssl() {
        SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
        target.trustStore.ifPresent(file -> ssl.trustManager(file.toFile()));
        return ssl.build();
    }

    CompletableFuture<Connected> connect() {
        if (cluster != null) {
            return topology().thenCompose(read -> cluster.connectAsync(StringCodec.UTF8))
                .thenApply(connected -> new Connected(connected, connected.async()));
        }
        return single.connectAsync(StringCodec.UTF8, target.uris.get(0)).toCompletableFuture()
            .thenApply(connected -> new Connected(connected, connected.async()));
    }

    /**
     * A pub/sub connection; on a Cluster to one node, which is enough: a PUBLISH reaches every node
     * of a Cluster, whichever master ran the script that published.
     */
    CompletableFuture<? extends StatefulRedisPubSubConnection<String, String>> connectPubSub() {
        if (cluster != null) {
            return topology().thenCompose(read -> cluster.connectPubSubAsync(StringCodec.UTF8));
        }
        return single.connectPubSubAsync(StringCodec.UTF8, target.uris.get(0)).toCompletableFuture();
    }

    /** The Cluster's topology once read; read again by the next caller after a failure (no node answered). */
    private CompletableFuture<Void> topology() {
        CompletableFuture<Void> current = topology.get();
        if (current != null && !current.isCompletedExceptionally()) {
            return current;
        }
        CompletableFuture<Void> reading = new CompletableFuture<>();
        if (!topology.compareAndSet(current, reading)) {
            return topology.get();
        }
        cluster.refreshPartitionsAsync().whenComplete((read, failure) -> {
            if (failure != null) {
                reading.completeExceptionally(failure);
            } else {
                reading.complete(null);
            }
        });
        return reading;
    }

    AbstractRedisClient client() {
        return cluster != null ? cluster : single;
    }

    ClientResources resources() {
        return resources;
    }

    RedisTarget target() {
        return target;
    }

    /** Bounded: a connection still being made must not hold up James's stop. */
    void shutdown() {
        try {
            client().shutdownAsync(0, RedisPenaltyStore.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .get(2 * RedisPenaltyStore.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // stopping anyway: the resources below are shut down all the same
        }
        resources.shutdown(0, RedisPenaltyStore.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .awaitUninterruptibly(2 * RedisPenaltyStore.TIMEOUT.toMillis());
    }
}
