package dev.mailguard.it;

import java.util.ArrayList;
import java.util.List;

/** msmtp, the sendmail-like SMTP client: the message on stdin, the session in its debug output. */
final class MsmtpClient implements InteropClient {
    private static ExternalProgram program() {
        return ExternalProgram.require("msmtp", "msmtp");
    }

    @Override
    public String name() {
        return "msmtp";
    }

    @Override
    public String version() {
        return program().run("--version").lines().findFirst().orElse("").strip();
    }

    @Override
    public boolean supports(InteropMode mode) {
        return true;
    }

    @Override
    public String send(InteropDelivery delivery) {
        // --file=/dev/null: no user configuration can change what is measured
        List<String> arguments = new ArrayList<>(List.of("--file=/dev/null", "--debug", "--host=" + delivery.host(),
            "--port=" + delivery.port(), "--domain=msmtp.example", "--from=" + delivery.from(),
            "--tls=" + onOff(delivery.mode().tls()), "--tls-starttls=" + onOff(!delivery.mode().implicitTls()), "--tls-certcheck=off"));
        if (delivery.mode().auth()) {
            arguments.addAll(List.of("--auth=plain", "--user=" + delivery.user(), "--passwordeval=echo " + delivery.password()));
        } else {
            arguments.add("--auth=off");
        }
        arguments.addAll(List.of("--", InteropDelivery.TO));
        return program().runWithInput(delivery.message(), arguments.toArray(String[]::new));
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }
}
