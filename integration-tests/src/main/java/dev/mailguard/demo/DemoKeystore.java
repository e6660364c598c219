package dev.mailguard.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The self-signed keystore behind conf/'s STARTTLS, made with the JDK's keytool when it is missing:
 * README.md's keytool line, which run.sh and docker/Dockerfile run too (KeystoreStepTest holds them
 * together). For trying MailGuard only: a real server uses a certificate from a CA
 * (docs/deployment.md, "TLS").
 */
public final class DemoKeystore {
    public static final String FILE_NAME = "keystore";
    /** The {@code <secret>} of conf/smtpserver.xml. */
    public static final String PASSWORD = "mailguard";

    private DemoKeystore() {
    }

    /** keytool's arguments for the keystore file {@code keystore}, as README.md gives them. */
    public static List<String> keytoolArguments(String keystore) {
        return List.of("-genkeypair", "-alias", "james", "-keyalg", "RSA", "-keysize", "2048", "-validity", "825",
            "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
            "-keystore", keystore, "-storepass", PASSWORD, "-keypass", PASSWORD);
    }

    /** @return true when a keystore was created */
    public static boolean ensure(Path confDirectory) throws IOException {
        Path keystore = confDirectory.resolve(FILE_NAME);
        if (Files.exists(keystore)) {
            return false;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(keytoolArguments(keystore.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        try {
            if (process.waitFor() != 0) {
                throw new IOException("keytool could not create " + keystore + ": " + new String(output, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while creating " + keystore, e);
        }
        return true;
    }
}
