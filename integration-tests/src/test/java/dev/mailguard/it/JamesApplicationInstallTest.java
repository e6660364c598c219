package dev.mailguard.it;

import static dev.mailguard.it.MailGuardServerFixture.DEMO_PASSWORD;
import static dev.mailguard.it.MailGuardServerFixture.DEMO_USER;
import static dev.mailguard.it.MailGuardServerFixture.LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * README.md's "Installing into an existing James 3.8.1", followed on James's own memory server
 * application rather than the project's launcher: a working directory with copies of {@code conf/}
 * and the plugin jar in {@code extensions-jars/}, the README's keytool line, James started with the
 * README's java line, the demo user created through WebAdmin as the README shows. The only edit to the
 * copied configuration is the ports (free ones, for the test to run beside anything else).
 * James's JPA application ({@code james-server-jpa-app}) is not on Maven Central for 3.8.1 (only the
 * memory one is; the JPA one ships in James's download), so this test covers the memory application.
 */
class JamesApplicationInstallTest {
    private static JamesApplication james;

    @BeforeAll
    static void installAndStart() throws Exception {
        james = JamesApplication.install();
        james.awaitReady();
        assertThat(addUser(DEMO_USER, DEMO_PASSWORD, true)).as("PUT /users with the JSON content type").isEqualTo(204);
    }

    @AfterAll
    static void stop() throws Exception {
        if (james != null) {
            try {
                assertThat(james.stop()).as("James ends within a minute of SIGTERM").isTrue();
            } finally {
                james.close();
            }
        }
    }

    @Test
    void theLayoutHoldsEveryLibraryTheApplicationsManifestNames() throws Exception {
        assertThat(JamesApplication.missingLibraries()).isEmpty();
    }

    @Test
    void greetsMaskedAndRefusesExpnWithAnAuditRecord() throws Exception {
        try (SmtpConnection smtp = new SmtpConnection(james.ports.smtp)) {
            assertThat(smtp.greeting()).startsWith("220 ").endsWith(" ESMTP").doesNotContainIgnoringCase("james");
            assertThat(smtp.send("EHLO client.example")).startsWith("250");
            assertThat(smtp.send("EXPN staff")).isEqualTo("500 5.5.1 Command unknown: 'XXXX'");
            assertThat(smtp.send("QUIT")).startsWith("221");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> james.output().lines()
            .anyMatch(line -> line.startsWith("%MAILGUARD-4-108004: ESMTP Classification: Dropped ESMTP Request from 127.0.0.1/")
                && line.endsWith("; matched cmd verb EXPN")));
    }

    @Test
    void deliversMailThatImapThenShows() throws Exception {
        try (SmtpConnection smtp = new SmtpConnection(james.ports.smtp)) {
            assertThat(smtp.send("EHLO client.example")).startsWith("250");
            assertThat(smtp.send("MAIL FROM:<someone@example.org>")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + DEMO_USER + ">")).startsWith("250");
            assertThat(smtp.send("DATA")).startsWith("354");
            assertThat(smtp.send("Subject: installed\r\n\r\nDelivered by James's own application.\r\n.")).startsWith("250");
            assertThat(smtp.send("QUIT")).startsWith("221");
        }
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> inboxSubjects().contains("installed"));
    }

    @Test
    void offersStartTlsAndTakesAuthOnSubmissionInsideIt() throws Exception {
        try (SmtpLines mx = new SmtpLines(james.ports.smtp)) {
            assertThat(mx.greeting()).startsWith("220 ");
            assertThat(mx.send("EHLO client.example")).containsPattern("(?m)^250[- ]STARTTLS$");
            mx.startTls();
            assertThat(mx.send("EHLO client.example")).startsWith("250").doesNotContain("STARTTLS");
        }
        try (SmtpLines submission = AuthSessions.overTls(LOOPBACK, james.ports.submission)) {
            assertThat(submission.send("AUTH PLAIN " + Sasl.plain(DEMO_USER, DEMO_PASSWORD))).startsWith("235");
        }
    }

    @Test
    void webAdminTakesANewUserOnlyWithTheJsonContentType() throws Exception {
        assertThat(addUser("second@localhost", "secret", false)).as("curl -d without -H 'Content-Type: application/json'").isEqualTo(400);
        assertThat(addUser("second@localhost", "secret", true)).isEqualTo(204);
    }

    @Test
    void servesTheStatusRouteAndPrometheusMetrics() throws Exception {
        assertThat(StatusRoute.of(james.ports.webAdmin).at("/mode").asText()).isEqualTo("esmtp");

        MetricsPage metrics = MetricsPage.of(james.ports.webAdmin);
        assertThat(metrics.names().stream().filter(name -> name.startsWith("mailguard_")).count()).isGreaterThanOrEqualTo(40);
        assertThat(metrics.type("mailguard_sessions_active")).as("sessions open now go down too").isEqualTo("gauge");
        assertThat(metrics.type("mailguard_penalty_clients_boxed")).isEqualTo("gauge");
        assertThat(metrics.type("mailguard_sessions_total")).isEqualTo("counter");
        assertThat(metrics.type("mailguard_rejected_command_unknown_total")).isEqualTo("counter");
    }

    @Test
    void promtoolAcceptsTheMetrics() throws Exception {
        MetricsPage.of(james.ports.webAdmin).assertPromtoolAccepts();
    }

    /** conf/ binds loopback only, and its jmx.properties keeps James's JMX (and the RMI port behind it) shut. */
    @Test
    void listensOnLoopbackOnlyAndOnlyOnTheConfiguredPorts() throws Exception {
        List<InetSocketAddress> listening = ListeningSockets.of(james.pid());

        assertThat(listening).allSatisfy(socket -> assertThat(socket.getAddress().isLoopbackAddress())
            .as("%s is loopback", socket).isTrue());
        assertThat(listening.stream().map(InetSocketAddress::getPort).collect(Collectors.toSet()))
            .containsExactlyInAnyOrderElementsOf(james.ports.all());
    }

    /** README.md's WebAdmin call: {@code curl -X PUT [-H 'Content-Type: application/json'] -d '{"password":...}'}. */
    private static int addUser(String user, String password, boolean jsonContentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(james.webAdmin("/users/" + user)))
            .timeout(Duration.ofSeconds(10))
            .PUT(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + password + "\"}"));
        // curl -d sends this type unless told otherwise
        request.header("Content-Type", jsonContentType ? "application/json" : "application/x-www-form-urlencoded");
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<String> inboxSubjects() throws Exception {
        try (Store store = Session.getInstance(new Properties()).getStore("imap")) {
            store.connect(LOOPBACK, james.ports.imap, DEMO_USER, DEMO_PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String> subjects = new java.util.ArrayList<>();
            for (Message message : inbox.getMessages()) {
                subjects.add(message.getSubject());
            }
            return subjects;
        }
    }
}
