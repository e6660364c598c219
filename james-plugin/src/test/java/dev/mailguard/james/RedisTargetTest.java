package dev.mailguard.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.convert.DefaultListDelimiterHandler;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.junit.jupiter.api.Test;

import dev.mailguard.core.config.MailGuardConfigTest;
import dev.mailguard.core.penalty.PenaltyBoxSettings;

/** What {@code <store>} and James's conf/redis.properties make of the Redis to use, and their mistakes, without a Redis. */
class RedisTargetTest {
    private static PenaltyBoxSettings store(String store) throws ConfigurationException {
        return PenaltyBoxSettings.from(MailGuardConfigTest.handler("<penaltyBox><store>" + store + "</store></penaltyBox>"))
            .orElseThrow();
    }

    private static PropertiesConfiguration properties(String... lines) {
        PropertiesConfiguration properties = new PropertiesConfiguration();
        properties.setListDelimiterHandler(new DefaultListDelimiterHandler(','));
        for (String line : lines) {
            int equals = line.indexOf('=');
            properties.addProperty(line.substring(0, equals), line.substring(equals + 1));
        }
        return properties;
    }

    @Test
    void aSentinelUriNamesItsSentinelsAndMaster() throws Exception {
        RedisTarget target = RedisTarget.of(store("redis-sentinel://:Secret-1@10.0.0.5:26379,10.0.0.6:26379/3#mymaster"),
            RedisTarget.NO_JAMES);
        assertThat(target.uris).singleElement().satisfies(uri -> {
            assertThat(uri.getSentinels()).hasSize(2);
            assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
        });
        assertThat(target.database()).isEqualTo(3);
        assertThat(target.name).isEqualTo("redis-sentinel://:****@10.0.0.5:26379,10.0.0.6:26379/3#mymaster");
    }

    @Test
    void jamesRedisPropertiesGiveTheUriAndTheCluster() throws Exception {
        RedisTarget single = RedisTarget.of(store("redis"), () -> properties("redisURL=rediss://u:Secret-2@10.0.0.5:6380/1"));
        assertThat(single.cluster).isFalse();
        assertThat(single.uris.get(0).isSsl()).isTrue();
        assertThat(single.name).isEqualTo("rediss://u:****@10.0.0.5:6380/1");

        RedisTarget cluster = RedisTarget.of(store("redis"), () -> properties(
            "redisURL=redis://:Secret-3@10.0.0.5:7000,redis://:Secret-3@10.0.0.6:7000", "cluster.enabled=true"));
        assertThat(cluster.cluster).isTrue();
        assertThat(cluster.uris).hasSize(2);
        assertThat(cluster.toString()).doesNotContain("Secret-3").endsWith("(cluster)");
    }

    @Test
    void mistakesStopTheStartWithThePasswordMasked() {
        assertThatThrownBy(() -> RedisTarget.of(store("redis-sentinel://:Secret-4@10.0.0.5:26379"), RedisTarget.NO_JAMES))
            .hasMessage("MailGuard: invalid value 'redis-sentinel://:****@10.0.0.5:26379' for <store>: the Redis client"
                + " (Lettuce) cannot read it: URI must contain the sentinelMasterId (in <penaltyBox>)");
        assertThatThrownBy(() -> RedisTarget.of(store("redis"), RedisTarget.NO_JAMES))
            .hasMessageStartingWith("MailGuard: <store>redis</store> (in <penaltyBox>) reads James's conf/redis.properties,"
                + " which is missing");
        assertThatThrownBy(() -> RedisTarget.of(store("redis"), () -> properties("cluster.enabled=true")))
            .hasMessage("MailGuard: redisURL is missing (in conf/redis.properties, which <store>redis</store> in <penaltyBox>"
                + " reads): give it the Redis URI");
        assertThatThrownBy(() -> RedisTarget.of(store("redis"), () -> properties("redisURL=redis://:Secret-5@h:1",
            "cluster.enabled=perhaps"))).hasMessageContaining("invalid value 'perhaps' for cluster.enabled");
        assertThatThrownBy(() -> RedisTarget.of(store("redis"), () -> properties(
            "redisURL=redis-sentinel://:Secret-6@h:26379#m", "cluster.enabled=true")))
            .hasMessageContaining("'redis-sentinel://:****@h:26379#m' for redisURL: expected the redis:// or rediss:// URIs"
                + " of Cluster nodes").hasMessageNotContaining("Secret-6");
    }
}
