package dev.mailguard.it;

import java.util.ArrayList;
import java.util.List;

/** The command line the Java client programs share: HOST PORT FROM SUBJECT TLS(none|starttls|implicit) [USER PASSWORD]. */
final class JavaClientArguments {
    private JavaClientArguments() {
    }

    static String[] of(InteropDelivery delivery) {
        List<String> arguments = new ArrayList<>(List.of(delivery.host(), String.valueOf(delivery.port()), delivery.from(), delivery.subject(),
            delivery.mode().tlsArgument()));
        if (delivery.mode().auth()) {
            arguments.addAll(List.of(delivery.user(), delivery.password()));
        }
        return arguments.toArray(String[]::new);
    }
}
