package dev.mailguard.it;

import java.util.ArrayList;
import java.util.List;

/** Python's smtplib, driven by a small script among the test resources ({@code SMTP_SSL} for implicit TLS). */
final class SmtplibClient implements InteropClient {
    private static ExternalProgram program() {
        return ExternalProgram.require("python3", "python3");
    }

    @Override
    public String name() {
        return "Python smtplib";
    }

    @Override
    public String version() {
        return program().run("--version").strip();
    }

    @Override
    public boolean supports(InteropMode mode) {
        return true;
    }

    @Override
    public String send(InteropDelivery delivery) {
        List<String> arguments = new ArrayList<>(List.of(TestResource.path("/clients/smtplib_client.py"), delivery.host(),
            String.valueOf(delivery.port()), delivery.from(), delivery.subject(), delivery.mode().tlsArgument()));
        if (delivery.mode().auth()) {
            arguments.addAll(List.of("--user", delivery.user(), "--password", delivery.password()));
        }
        return program().run(arguments.toArray(String[]::new));
    }
}
