package dev.mailguard.james;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.metrics.api.MetricFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailguard.core.MailGuardConfig;

/**
 * What {@code show ip inspect all} shows, for {@link MailGuardStatusRoutes}: the settings of every
 * handler chain MailGuard inspects and the counters since start. One per James server: Guice makes
 * the same instance for the SMTP handlers and the WebAdmin route, both being loaded from
 * extensions-jars by James's one extension loader.
 */
@Singleton
public class MailGuardStatus {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MetricCounters counters;
    private final List<MailGuardConfig> chains = new CopyOnWriteArrayList<>();
    private final Instant startedAt = Instant.now();

    @Inject
    public MailGuardStatus(MetricFactory metrics) {
        this.counters = new MetricCounters(metrics);
    }

    /** A handler chain starts inspecting with these settings; its handlers count here. */
    Enforcement register(MailGuardConfig config) {
        chains.add(config);
        return new Enforcement(config, counters);
    }

    /**
     * The status document. {@code chains} lists the settings of every SMTP listener MailGuard is in
     * front of (an MX and a submission listener, say), in smtpserver.xml's order, James initialising its
     * listeners one after the other; {@code mode} and {@code settings} repeat the first listener's, as
     * they did when one listener was all there was, and the counters cover all listeners together.
     */
    String toJson() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("mode", chains.isEmpty() ? "off" : chains.get(0).mode().configName());
        status.put("startedAt", startedAt.toString());
        status.put("settings", chains.isEmpty() ? Map.of() : chains.get(0).settings());
        status.put("chains", chains.stream().map(MailGuardConfig::settings).collect(Collectors.toList()));
        status.put("counters", counters.snapshot());
        try {
            return JSON.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Maps of strings, numbers and booleans always serialize", e);
        }
    }
}
