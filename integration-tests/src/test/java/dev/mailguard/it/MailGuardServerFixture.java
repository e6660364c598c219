package dev.mailguard.it;

import java.nio.file.Path;

import dev.mailguard.demo.DemoKeystore;
import dev.mailguard.demo.ListenPorts;
import dev.mailguard.demo.MailGuardServer;
import dev.mailguard.demo.MailGuardServer.ConfigurationEdit;

/**
 * Starts the embedded James with MailGuard from the built jar (never from the test class path) and
 * the project's conf/ folder, on free loopback ports.
 */
final class MailGuardServerFixture {
    static final String LOOPBACK = MailGuardServer.LOOPBACK;
    static final String DEMO_USER = "demo@localhost";
    static final String DEMO_PASSWORD = "demo";

    private MailGuardServerFixture() {
    }

    static MailGuardServer start(ConfigurationEdit edit) throws Exception {
        MailGuardServer server = MailGuardServer.start(confDirectory(), extensionsDirectory(), ListenPorts.EPHEMERAL,
            ConfVariant.all(DemoKeystore::ensure, edit));
        try {
            server.addUser("localhost", DEMO_USER, DEMO_PASSWORD);
            return server;
        } catch (Exception e) {
            server.close(); // a half-set-up server would keep its ports and MBeans for the next test class
            throw e;
        }
    }

    static Path confDirectory() {
        return Path.of(property("mailguard.conf.dir"));
    }

    static Path extensionsDirectory() {
        return Path.of(property("mailguard.extensions.dir"));
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("System property " + name + " is not set: run the tests through Maven");
        }
        return value;
    }
}
