package dev.mailguard.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMTP listener of the comparison: stock James's handler chain, or MailGuard's. Either each in
 * its own JVM ({@link #stock}, {@link #guardEsmtp}, {@link #guardSmtp}, {@link #guardBaseline}), or
 * all three in one JVM ({@link #oneJvm}), where they share the compiled code, the heap and the
 * spooler, and each is measured by the CPU time of its own SMTP threads.
 */
final class ServerUnderTest implements AutoCloseable {
    private static final Pattern HANDLER_CHAIN = Pattern.compile("<handlerchain[^>]*>.*</handlerchain>", Pattern.DOTALL);
    private static final Pattern SMTP_SERVER = Pattern.compile("<smtpserver enabled=\"true\">.*?</smtpserver>", Pattern.DOTALL);
    private static final Pattern JMX_NAME = Pattern.compile("<jmxName>([^<]*)</jmxName>");
    private static final String SMTP_SERVERS_END = "</smtpservers>";
    private static final Pattern BIND = Pattern.compile("<bind>[^<]*</bind>");
    private static final String GUARD_HANDLER = "<handler class=\"dev.mailguard.james.MailGuardCommandDispatcher\">";
    private static final String HANDLER_END = "</handler>";
    private static final String EHLO = "EHLO bench.example";
    private static final String HELO = "HELO bench.example";

    private final String name;
    private final String hello;
    private final ServerJvm jvm;
    /** James names a listener's threads after its jmxName; null when the listener has the JVM to itself. */
    private final String threadPrefix;
    private InetSocketAddress smtp;

    private ServerUnderTest(String name, String hello, ServerJvm jvm, String threadPrefix, InetSocketAddress smtp) {
        this.name = name;
        this.hello = hello;
        this.jvm = jvm;
        this.threadPrefix = threadPrefix;
        this.smtp = smtp;
    }

    /** Stock James in its own JVM: James's own handler chain, no MailGuard jar, no MailGuard route. */
    static ServerUnderTest stock(Layout layout) throws IOException {
        Path noExtensions = Files.createDirectories(layout.work().resolve("stock").resolve("no-extensions"));
        return alone("stock", EHLO, ServerJvm.start(layout, "stock", noExtensions, conf -> {
            ServerJvm.edit(conf.resolve("smtpserver.xml"), ServerUnderTest::stockChain);
            ServerJvm.edit(conf.resolve("webadmin.properties"), properties -> properties.replaceAll("(?m)^extensions\\.routes=.*$", ""));
        }));
    }

    /** James with MailGuard as conf/ has it, esmtp mode, in its own JVM. */
    static ServerUnderTest guardEsmtp(Layout layout) throws IOException {
        return alone("guard-esmtp", EHLO, ServerJvm.start(layout, "guard-esmtp", layout.extensions(), conf -> { }));
    }

    /** James with MailGuard in smtp mode, in its own JVM; clients say HELO, as EHLO is not on the smtp allowlist. */
    static ServerUnderTest guardSmtp(Layout layout) throws IOException {
        return alone("guard-smtp", HELO, ServerJvm.start(layout, "guard-smtp", layout.extensions(),
            conf -> ServerJvm.edit(conf.resolve("smtpserver.xml"), ServerUnderTest::smtpMode)));
    }

    /**
     * James with an earlier MailGuard build, esmtp mode, in its own JVM: the plugin jar from
     * {@code extensions} (an {@code extensions-jars} folder kept from that build), conf/ as this build has it.
     */
    static ServerUnderTest guardBaseline(Layout layout, Path extensions) throws IOException {
        return alone("guard-baseline", EHLO, ServerJvm.start(layout, "guard-baseline", extensions, conf -> { }));
    }

    /**
     * Three listeners in one JVM with the MailGuard jar: stock James's chain, MailGuard as conf/ has
     * it (esmtp), and MailGuard in smtp mode or, with {@code copy}, a second esmtp listener for an A/A
     * check of the method. Each listener is conf/'s own {@code <smtpserver>}, changed only in its
     * chain or mode, its {@code jmxName} (which names its threads) and its port.
     *
     * @param penaltyBox a {@code <penaltyBox>} element added to the MailGuard handler of both guard
     *     listeners (conf/'s own and the third), not to stock; null for none
     */
    static List<ServerUnderTest> oneJvm(Layout layout, boolean copy, String penaltyBox) throws IOException {
        int stockPort = freePort();
        int thirdPort = freePort();
        String thirdName = copy ? "guard-copy" : "guard-smtp";
        String[] guardJmxName = new String[1];
        ServerJvm jvm = ServerJvm.start(layout, "one-jvm", layout.extensions(), conf -> ServerJvm.edit(conf.resolve("smtpserver.xml"), xml -> {
            Matcher server = SMTP_SERVER.matcher(xml);
            if (!server.find()) {
                throw new IllegalStateException("conf/smtpserver.xml has no enabled <smtpserver>");
            }
            String guard = server.group();
            Matcher jmxName = JMX_NAME.matcher(guard);
            if (!jmxName.find()) {
                throw new IllegalStateException("conf/smtpserver.xml's <smtpserver> has no <jmxName>");
            }
            guardJmxName[0] = jmxName.group(1);
            String boxed = withPenaltyBox(guard, penaltyBox);
            String stock = listener(stockChain(guard), "smtp-stock", stockPort);
            String third = listener(copy ? boxed : smtpMode(boxed), "smtp-" + (copy ? "copy" : "helo"), thirdPort);
            String servers = xml.substring(0, server.start()) + boxed + xml.substring(server.end());
            // after conf/'s own listeners: the launcher binds those by position (MX, submission, submissions)
            int end = servers.lastIndexOf(SMTP_SERVERS_END);
            if (end < 0) {
                throw new IllegalStateException("conf/smtpserver.xml has no " + SMTP_SERVERS_END);
            }
            return servers.substring(0, end) + "    " + stock + "\n    " + third + "\n" + servers.substring(end);
        }));
        InetSocketAddress stockAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), stockPort);
        InetSocketAddress thirdAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), thirdPort);
        return List.of(
            new ServerUnderTest("stock", EHLO, jvm, "smtp-stock-", stockAddress),
            new ServerUnderTest("guard-esmtp", EHLO, jvm, guardJmxName[0] + "-", null),
            new ServerUnderTest(thirdName, copy ? EHLO : HELO, jvm, "smtp-" + (copy ? "copy" : "helo") + "-", thirdAddress));
    }

    private static ServerUnderTest alone(String name, String hello, ServerJvm jvm) {
        return new ServerUnderTest(name, hello, jvm, null, null);
    }

    private static String stockChain(String xml) {
        return HANDLER_CHAIN.matcher(xml).replaceFirst("<handlerchain/>");
    }

    private static String smtpMode(String xml) {
        return xml.replace("<mode>esmtp</mode>", "<mode>smtp</mode>");
    }

    /** The listener with {@code penaltyBox} as the last element of its MailGuard handler; unchanged when null. */
    private static String withPenaltyBox(String server, String penaltyBox) {
        if (penaltyBox == null) {
            return server;
        }
        int handler = server.indexOf(GUARD_HANDLER);
        int end = handler < 0 ? -1 : server.indexOf(HANDLER_END, handler);
        if (end < 0) {
            throw new IllegalStateException("conf/smtpserver.xml's <smtpserver> has no " + GUARD_HANDLER + " for <penaltyBox>");
        }
        return server.substring(0, end) + "    " + penaltyBox + "\n            " + server.substring(end);
    }

    private static String listener(String server, String jmxName, int port) {
        String named = JMX_NAME.matcher(server).replaceFirst("<jmxName>" + jmxName + "</jmxName>");
        return BIND.matcher(named).replaceFirst("<bind>127.0.0.1:" + port + "</bind>");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits until the JVM is ready; a listener the JVM's ready line names takes its address from it. */
    ServerUnderTest awaitReady() throws IOException, InterruptedException {
        InetSocketAddress first = jvm.awaitReady();
        if (smtp == null) {
            smtp = first;
        }
        return this;
    }

    String name() {
        return name;
    }

    InetSocketAddress smtp() {
        return smtp;
    }

    /** The greeting command this listener's MailGuard mode allows. */
    String hello() {
        return hello;
    }

    /** CPU time so far: of the whole JVM, or in one JVM of this listener's SMTP threads. */
    long cpuNanos() {
        return threadPrefix == null ? jvm.cpuNanos() : jvm.cpuNanos(threadPrefix);
    }

    /** CPU time so far of the JIT compilers of the JVMs the listeners run in, each JVM counted once. */
    static long compilerNanos(List<ServerUnderTest> servers) {
        return servers.stream().map(server -> server.jvm).distinct().mapToLong(ServerJvm::compilerNanos).sum();
    }

    /** Stops the JVM (again, for listeners that share it: stopping is idempotent). */
    @Override
    public void close() throws InterruptedException {
        jvm.close();
    }
}
