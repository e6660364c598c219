package dev.mailguard.it;

import java.util.ArrayList;
import java.util.List;

/** curl's smtp:// client (smtps:// for implicit TLS); the URL path is its EHLO name, the message comes on stdin. */
final class CurlClient implements InteropClient {
    private static ExternalProgram program() {
        return ExternalProgram.require("curl", "curl");
    }

    @Override
    public String name() {
        return "curl";
    }

    @Override
    public String version() {
        String first = program().run("--version").lines().findFirst().orElse("");
        return first.substring(0, first.indexOf(' ', "curl ".length())); // "curl 7.88.1", without the library list
    }

    @Override
    public boolean supports(InteropMode mode) {
        return true;
    }

    @Override
    public String send(InteropDelivery delivery) {
        List<String> arguments = new ArrayList<>(List.of("--silent", "--show-error", "--verbose",
            "--url", (delivery.mode().implicitTls() ? "smtps://" : "smtp://") + delivery.host() + ":" + delivery.port() + "/curl.example",
            "--mail-from", delivery.from(), "--mail-rcpt", InteropDelivery.TO, "--upload-file", "-"));
        if (delivery.mode().startTls()) {
            arguments.add("--ssl-reqd");
        }
        if (delivery.mode().tls()) {
            arguments.add("--insecure"); // the fixture's certificate is self-signed
        }
        if (delivery.mode().auth()) {
            arguments.addAll(List.of("--user", delivery.user() + ":" + delivery.password()));
        }
        return program().runWithInput(delivery.message(), arguments.toArray(String[]::new));
    }
}
