package dev.mailguard.james;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;

import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.audit.InspectionCounters;
import dev.mailguard.core.inspect.MessageRule;
import dev.mailguard.core.smtp.RefusalReason;

/**
 * MailGuard's counters as James metrics, so that James's reporters (JMX, Elasticsearch/OpenSearch,
 * the WebAdmin metrics endpoint) carry them beside James's own. Every metric is created at start,
 * so a counter that never moved still reads 0. Counts of events are James metrics (Prometheus
 * counters); the sessions open now go up and down, so they are a gauge: a Prometheus counter may
 * never go down, and {@code rate()} over one would read each decrease as a restart.
 */
final class MetricCounters implements InspectionCounters {
    static final String PREFIX = "mailguard.";

    private final Metric sessions;
    private final AtomicLong activeSessions = new AtomicLong();
    private final Metric commandsInspected;
    private final Metric commandsAllowed;
    private final Metric commandsRejected;
    private final Metric authFailures;
    private final Map<RefusalReason, Metric> refusals = new EnumMap<>(RefusalReason.class);
    private final Map<Integer, Metric> records = new LinkedHashMap<>();
    private final Map<String, Metric> messageRules = new LinkedHashMap<>();

    /** @param prefix {@value #PREFIX} for MailGuard's totals, {@code mailguard.policy.NAME.} for a policy's own */
    MetricCounters(MetricFactory metrics, GaugeRegistry gauges, String prefix) {
        sessions = metrics.generate(prefix + "sessions");
        gauges.register(prefix + "sessions.active", activeSessions::get);
        commandsInspected = metrics.generate(prefix + "commands.inspected");
        commandsAllowed = metrics.generate(prefix + "commands.allowed");
        commandsRejected = metrics.generate(prefix + "commands.rejected");
        authFailures = metrics.generate(prefix + "auth.failures");
        for (RefusalReason reason : RefusalReason.values()) {
            refusals.put(reason, metrics.generate(prefix + "rejected." + reason.key()));
        }
        for (int id : AuditRecord.IDS) {
            records.put(id, metrics.generate(prefix + "records." + id));
        }
        for (MessageRule rule : MessageRule.values()) {
            messageRules.put(rule.key(), metrics.generate(prefix + "message." + rule.key()));
        }
    }

    @Override
    public void sessionStarted() {
        sessions.increment();
        activeSessions.incrementAndGet();
    }

    @Override
    public void sessionEnded() {
        activeSessions.decrementAndGet();
    }

    @Override
    public void commandInspected(boolean allowed) {
        commandsInspected.increment();
        (allowed ? commandsAllowed : commandsRejected).increment();
    }

    @Override
    public void refused(RefusalReason reason) {
        refusals.get(reason).increment();
    }

    @Override
    public void recordWritten(int id) {
        records.get(id).increment();
    }

    @Override
    public void authFailed() {
        authFailures.increment();
    }

    @Override
    public void messageRuleMatched(String rule) {
        messageRules.get(rule).increment();
    }

    /** The counters now, in the layout of the status route's {@code counters} object. */
    Map<String, Object> snapshot() {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("sessions", sessions.getCount());
        snapshot.put("activeSessions", activeSessions.get());
        snapshot.put("commandsInspected", commandsInspected.getCount());
        snapshot.put("commandsAllowed", commandsAllowed.getCount());
        snapshot.put("commandsRejected", commandsRejected.getCount());
        snapshot.put("authFailures", authFailures.getCount());
        Map<String, Long> byReason = new LinkedHashMap<>();
        refusals.forEach((reason, metric) -> byReason.put(reason.key(), metric.getCount()));
        snapshot.put("rejectedByReason", byReason);
        Map<String, Long> byId = new LinkedHashMap<>();
        records.forEach((id, metric) -> byId.put(String.valueOf(id), metric.getCount()));
        snapshot.put("recordsById", byId);
        Map<String, Long> byRule = new LinkedHashMap<>();
        messageRules.forEach((rule, metric) -> byRule.put(rule, metric.getCount()));
        snapshot.put("messageRulesMatched", byRule);
        return snapshot;
    }
}
