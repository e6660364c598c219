package dev.mailguard.core.inspect;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.audit.Endpoints;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.smtp.EhloKeywords;
import dev.mailguard.core.smtp.LineFraming;

/**
 * The policy core on the inputs a mail server sees all day (docs/benchmarks.md): what MailGuard adds
 * to each command line before James runs it. In package {@code dev.mailguard.core} to reach the
 * package-private checks the policy is built from.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PolicyBenchmarks {
    /** The verbs James 3.8.1's SMTP server implements. */
    private static final Set<String> JAMES_VERBS = Set.of("AUTH", "DATA", "EHLO", "EXPN", "HELO", "HELP", "MAIL",
        "NOOP", "QUIT", "RCPT", "RSET", "STARTTLS", "VRFY");
    private static final Set<String> ADVERTISED = Set.of("PIPELINING", "ENHANCEDSTATUSCODES", "8BITMIME", "SIZE", "STARTTLS");
    /** What James 3.8.1 answers to EHLO, without the reply code. */
    private static final List<String> JAMES_EHLO = List.of("mail.example.org Hello client.example [192.0.2.1]",
        "PIPELINING", "ENHANCEDSTATUSCODES", "8BITMIME", "SIZE 20000000", "STARTTLS");

    private final MailGuardConfig config = MailGuardConfig.defaults();
    private final CommandPolicy policy = new CommandPolicy(config, JAMES_VERBS);
    private final AddressInspector addresses = new AddressInspector(config.maxAddressLength());
    private final SessionFacts session = new InTransaction();
    private final Endpoints endpoints = new Endpoints(new InetSocketAddress("192.0.2.1", 51234), new InetSocketAddress("192.0.2.25", 25),
        "SMTP-1a2b3c4d", "client.example");
    private final Instant now = Instant.parse("2026-11-24T06:00:00Z");

    private final String noopVerb = "NOOP";
    private final byte[] noopLine = bytes("NOOP\r\n");
    private final byte[] mailLine = bytes("MAIL FROM:<alice.smith@example.org> SIZE=10240 BODY=8BITMIME\r\n");
    private final byte[] rcptLine = bytes("RCPT TO:<bob@example.net>\r\n");
    private final byte[] unknownLine = bytes("EXPN staff\r\n");
    private final String mailArgument = "FROM:<alice.smith@example.org> SIZE=10240 BODY=8BITMIME";
    private final String mailParameters = "SIZE=10240 BODY=8BITMIME";
    /** A message line as the load runs send it (76 characters of text and CRLF), in a reused buffer of 128 as FrameWatch keeps it. */
    private final byte[] dataLineText = bytes("The quick brown fox jumps over the lazy dog, 0123456789 times; and again!!!!\r\n");
    private final byte[] dataLine = Arrays.copyOf(dataLineText, 128);

    /** The allowlist decision for an allowed verb. */
    @Benchmark
    public boolean allowedVerbCheck() {
        return config.allowlist().allows(noopVerb);
    }

    /** Everything MailGuard does with an allowed command line without arguments. */
    @Benchmark
    public CommandOutcome inspectNoop() {
        return policy.inspect(noopLine, session);
    }

    /** A typical MAIL line: framing, verb, address scan, SIZE and BODY checks. */
    @Benchmark
    public CommandOutcome inspectMail() {
        return policy.inspect(mailLine, session);
    }

    @Benchmark
    public CommandOutcome inspectRcpt() {
        return policy.inspect(rcptLine, session);
    }

    /** A verb off the allowlist: the outcome carries its record unformatted. */
    @Benchmark
    public CommandOutcome inspectUnknownVerb() {
        return policy.inspect(unknownLine, session);
    }

    @Benchmark
    public AddressInspector.Result addressScan() {
        return addresses.inspect(mailArgument, "FROM:".length());
    }

    @Benchmark
    public Optional<EsmtpParameters.Problem> parameterCheck() {
        return EsmtpParameters.check(true, mailParameters, ADVERTISED, config.maxData());
    }

    @Benchmark
    public EhloKeywords ehloFilter() {
        return EhloKeywords.filter(JAMES_EHLO, config.ehloKeywords());
    }

    /** A 108004 record built and formatted as a cisco line: paid only when a record is written. */
    @Benchmark
    public String recordCisco() {
        return AuditRecord.droppedCommand(endpoints, "EXPN").toCiscoLine();
    }

    @Benchmark
    public String recordJson() {
        return AuditRecord.droppedCommand(endpoints, "EXPN").toJsonLine(now);
    }

    /** The CR/NUL and line-end check of one message line (runs on every line of every message). */
    @Benchmark
    public LineFraming.DataAnomaly dataLineScan() {
        return LineFraming.dataAnomaly(dataLine, dataLineText.length);
    }

    private static byte[] bytes(String line) {
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /** A session after EHLO with one recipient accepted. */
    private static final class InTransaction implements SessionFacts {
        @Override
        public Set<String> advertisedKeywords() {
            return ADVERTISED;
        }

        @Override
        public int recipientCount() {
            return 1;
        }

        @Override
        public int unrecognizedCommands() {
            return 0;
        }

        @Override
        public boolean sentBeforePreviousReply() {
            return false;
        }

        @Override
        public boolean inputBehindCommand() {
            return false;
        }

        @Override
        public boolean tlsStarted() {
            return false;
        }
    }
}
