package dev.mailguard.james;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.utils.PropertiesProvider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailguard.core.policy.ClientPolicies;
import dev.mailguard.core.policy.ClientPolicy;
import dev.mailguard.core.audit.InspectionCounters;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.penalty.PenaltyBoxSettings;

/**
 * What {@code show ip inspect all} shows, for {@link MailGuardStatusRoutes}: the settings of every
 * handler chain MailGuard inspects and the counters since start. One per James server: Guice makes
 * the same instance for the SMTP handlers and the WebAdmin route, both being loaded from
 * extensions-jars by James's one extension loader.
 */
@Singleton
public class MailGuardStatus {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MetricFactory metrics;
    private final GaugeRegistry gauges;
    private final MetricCounters counters;
    private final List<ClientPolicies> chains = new CopyOnWriteArrayList<>();
    /** By policy name: a name is one set of counters, whichever listener's policy it is. */
    private final Map<String, MetricCounters> policyCounters = new ConcurrentHashMap<>();
    private final Instant startedAt = Instant.now();
    private final PenaltyBoxes penaltyBoxes;

    /** {@code properties}: James's configuration files, of which {@code <store>redis</store>} reads redis.properties. */
    @Inject
    public MailGuardStatus(MetricFactory metrics, GaugeRegistry gauges, PropertiesProvider properties) {
        this(metrics, gauges, () -> properties.getConfiguration("redis"));
    }

    MailGuardStatus(MetricFactory metrics, GaugeRegistry gauges) {
        this(metrics, gauges, RedisTarget.NO_JAMES);
    }

    private MailGuardStatus(MetricFactory metrics, GaugeRegistry gauges, RedisTarget.JamesRedisProperties redisProperties) {
        this.metrics = metrics;
        this.gauges = gauges;
        this.counters = new MetricCounters(metrics, gauges, MetricCounters.PREFIX);
        this.penaltyBoxes = new PenaltyBoxes(metrics, gauges, redisProperties);
    }

    PenaltyBoxes penaltyBoxes() {
        return penaltyBoxes;
    }

    /**
     * A handler chain starts inspecting with these policies; its handlers count here, and where it
     * has policies of its own, each policy counts under its name too. With a {@code <penaltyBox>},
     * its store's box takes the chain's strikes.
     */
    ListenerPolicies register(ClientPolicies policies, Optional<PenaltyBoxSettings> penaltyBox) throws ConfigurationException {
        ListenerPenaltyBox box = penaltyBox.isPresent() ? penaltyBoxes.open(penaltyBox.get()) : null;
        chains.add(policies);
        return new ListenerPolicies(policies, box, policy -> {
            if (!policies.hasPolicies()) {
                return new Enforcement(policy, counters, InspectionCounters.NONE, box);
            }
            MetricCounters own = policyCounters.computeIfAbsent(policy.name(),
                name -> new MetricCounters(metrics, gauges, MetricCounters.PREFIX + "policy." + name + "."));
            return new Enforcement(policy, InspectionCounters.both(counters, own), own, box);
        });
    }

    /**
     * The status document. {@code chains} lists the settings of every SMTP listener MailGuard is in
     * front of (an MX and a submission listener, say), in smtpserver.xml's order, James initialising its
     * listeners one after the other; {@code mode} and {@code settings} repeat the first listener's, as
     * they did when one listener was all there was, and the counters cover all listeners together.
     * {@code policies} lists the policies of the listeners that have any, their own settings' default
     * policy first, each with its effective settings and its own counters.
     */
    String toJson() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("mode", chains.isEmpty() ? "off" : defaults(chains.get(0)).mode().configName());
        status.put("startedAt", startedAt.toString());
        status.put("settings", chains.isEmpty() ? Map.of() : defaults(chains.get(0)).settings());
        status.put("chains", chains.stream().map(chain -> defaults(chain).settings()).collect(Collectors.toList()));
        status.put("counters", counters.snapshot());
        List<Map<String, Object>> policies = new ArrayList<>();
        for (int chain = 0; chain < chains.size(); chain++) {
            if (chains.get(chain).hasPolicies()) {
                for (ClientPolicy policy : chains.get(chain).all()) {
                    policies.add(policy(chain, policy));
                }
            }
        }
        status.put("policies", policies);
        status.put("penaltyBoxes", penaltyBoxes.status());
        try {
            return JSON.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Maps of strings, numbers and booleans always serialize", e);
        }
    }

    private static MailGuardConfig defaults(ClientPolicies chain) {
        return chain.defaultPolicy().config();
    }

    private Map<String, Object> policy(int chain, ClientPolicy policy) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("name", policy.name());
        shown.put("chain", chain);
        shown.put("clients", policy.clients().stream().map(Object::toString).collect(Collectors.toList()));
        shown.put("authenticated", policy.authenticated());
        shown.put("settings", policy.config().settings());
        shown.put("counters", policyCounters.get(policy.name()).snapshot());
        return shown;
    }
}
