package dev.mailguard.james;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;

import spark.Service;

/**
 * {@code GET /mailguard/status}: MailGuard's settings and counters as JSON, the way IOS
 * {@code show ip inspect all} shows them. Enabled in webadmin.properties with
 * {@code extensions.routes=dev.mailguard.james.MailGuardStatusRoutes}.
 */
public class MailGuardStatusRoutes implements Routes {
    static final String BASE_PATH = "/mailguard";

    private final MailGuardStatus status;

    @Inject
    public MailGuardStatusRoutes(MailGuardStatus status) {
        this.status = status;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH + "/status", (request, response) -> {
            response.type("application/json");
            return status.toJson();
        });
    }
}
