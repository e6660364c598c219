package dev.mailguard.it;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

import dev.mailguard.demo.MailGuardServer;
import dev.mailguard.demo.MailGuardServer.ConfigurationEdit;

/**
 * One James with MailGuard (from the built jar, see {@link MailGuardServerFixture}) for the tests of a
 * class: started before the first, on free loopback ports, and stopped after the last. Register it
 * with {@code @RegisterExtension} in a static field, or in an instance field of a
 * {@code PER_CLASS} class (a {@code @Nested} one: one server at a time, as James registers fixed MBean
 * names). Edits are applied when the server starts, so an edit may read what another extension
 * started before it (a relay sink with a lower {@code @Order}).
 */
final class MailGuardServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private final Builder conf;
    private MailGuardServer server;
    private AuditCapture audit;
    private List<String> startLog = List.of();

    private MailGuardServerExtension(Builder conf) {
        this.conf = conf;
    }

    /** conf/ as shipped, to which the builder's edits are added in order. */
    static Builder shippedConf() {
        return new Builder(List.of(), false, null);
    }

    /** An SMTP sink on a free loopback port for James to relay to; started once for the class. */
    static GreenMailExtension relaySink() {
        return new GreenMailExtension(new ServerSetup(0, MailGuardServerFixture.LOOPBACK, ServerSetup.PROTOCOL_SMTP).dynamicPort())
            .withPerMethodLifecycle(false);
    }

    /** The configuration of a server; each method returns a new builder. */
    static final class Builder {
        private final List<ConfigurationEdit> edits;
        private final boolean captureAudit;
        private final String startLogger;

        private Builder(List<ConfigurationEdit> edits, boolean captureAudit, String startLogger) {
            this.edits = edits;
            this.captureAudit = captureAudit;
            this.startLogger = startLogger;
        }

        Builder edit(ConfigurationEdit edit) {
            List<ConfigurationEdit> more = new ArrayList<>(edits);
            more.add(edit);
            return new Builder(List.copyOf(more), captureAudit, startLogger);
        }

        /** Replaces the settings inside MailGuard's handler element ({@link ConfVariant#mailGuardSettings}). */
        Builder mailGuardSettings(String settingsXml) {
            return edit(ConfVariant.mailGuardSettings(settingsXml));
        }

        /** Relays remote mail to {@code sink}, whose port is read when James starts. */
        Builder relayingTo(GreenMailExtension sink) {
            return edit(conf -> {
                if (!sink.isRunning()) {
                    throw new IllegalStateException("The relay sink must start before James: give it a lower @Order");
                }
                ConfVariant.relayTo(sink.getSmtp().getPort()).apply(conf);
            });
        }

        /**
         * Captures {@code mailguard.audit} from before James starts ({@link #audit()}), emptied before
         * each test so that a test sees its own records.
         */
        Builder auditCapture() {
            return new Builder(edits, true, startLogger);
        }

        /** Keeps what {@code loggerName} writes while James starts ({@link #startLog()}). */
        Builder startLog(String loggerName) {
            return new Builder(edits, captureAudit, loggerName);
        }

        MailGuardServerExtension build() {
            return new MailGuardServerExtension(this);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (conf.captureAudit) {
            audit = AuditCapture.attach();
        }
        start(conf.edits);
    }

    /**
     * Stops James and starts it again with the builder's edits and then {@code more}, for a class whose
     * tests need other settings as they go; the audit capture stays.
     */
    void restartWith(ConfigurationEdit more) throws Exception {
        running().close();
        server = null;
        List<ConfigurationEdit> edits = new ArrayList<>(conf.edits);
        edits.add(more);
        start(edits);
    }

    private void start(List<ConfigurationEdit> edits) throws Exception {
        ConfigurationEdit all = ConfVariant.all(edits.toArray(ConfigurationEdit[]::new));
        if (conf.startLogger == null) {
            server = MailGuardServerFixture.start(all);
            return;
        }
        try (AuditCapture log = AuditCapture.attach(conf.startLogger)) {
            server = MailGuardServerFixture.start(all);
            startLog = log.records();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (audit != null) {
            audit.clear();
        }
    }

    /** Runs when the start failed too: the capture is detached and a started server stopped. */
    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (server != null) {
                server.close();
                server = null;
            }
        } finally {
            if (audit != null) {
                audit.close();
                audit = null;
            }
        }
    }

    int smtpPort() {
        return running().smtpPort();
    }

    OptionalInt submissionPort() {
        return running().submissionPort();
    }

    OptionalInt submissionsPort() {
        return running().submissionsPort();
    }

    int imapPort() {
        return running().imapPort();
    }

    int webAdminPort() {
        return running().webAdminPort();
    }

    /** Makes the listener at {@code position} listen on {@code address} too ({@link MailGuardServer#alsoListen}). */
    InetSocketAddress alsoListen(int position, InetAddress address) throws Exception {
        return running().alsoListen(position, address);
    }

    AuditCapture audit() {
        if (audit == null) {
            throw new IllegalStateException("No audit capture: build the extension with auditCapture()");
        }
        return audit;
    }

    /** The records of the {@link Builder#startLog} logger written while James started. */
    List<String> startLog() {
        return startLog;
    }

    private MailGuardServer running() {
        if (server == null) {
            throw new IllegalStateException("James is not running: register the extension with @RegisterExtension");
        }
        return server;
    }
}
