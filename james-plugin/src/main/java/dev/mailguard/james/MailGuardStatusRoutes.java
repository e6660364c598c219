package dev.mailguard.james;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.eclipse.jetty.http.HttpStatus;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailguard.core.penalty.PenaltyKey;
import spark.Response;
import spark.Service;

/**
 * {@code GET /mailguard/status}: MailGuard's settings and counters as JSON, the way IOS
 * {@code show ip inspect all} shows them; {@code GET /mailguard/penalties}, the clients in the
 * penalty box (ASA {@code show shun}), and {@code DELETE /mailguard/penalties/ADDRESS}, which lets one
 * in again (ASA {@code no shun}). Enabled in webadmin.properties with
 * {@code extensions.routes=dev.mailguard.james.MailGuardStatusRoutes}.
 */
public class MailGuardStatusRoutes implements Routes {
    static final String BASE_PATH = "/mailguard";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long STORE_TIMEOUT_SECONDS = 5;

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
        service.get(BASE_PATH + "/penalties", (request, response) -> {
            response.type("application/json");
            return JSON.writeValueAsString(status.penaltyBoxes().boxed().get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        });
        // an IPv6 client is boxed by its /64, which the list shows with its slash
        service.delete(BASE_PATH + "/penalties/:address", (request, response) -> release(request.params("address"), response));
        service.delete(BASE_PATH + "/penalties/:address/64", (request, response) -> release(request.params("address") + "/64", response));
    }

    private String release(String address, Response response) throws Exception {
        response.type("application/json");
        String key;
        try {
            key = PenaltyKey.parse(address);
        } catch (IllegalArgumentException e) {
            response.status(HttpStatus.BAD_REQUEST_400);
            return JSON.writeValueAsString(Map.of("statusCode", 400, "type", "InvalidArgument", "message", e.getMessage()));
        }
        boolean released = status.penaltyBoxes().release(key).get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!released) {
            response.status(HttpStatus.NOT_FOUND_404);
            return JSON.writeValueAsString(Map.of("statusCode", 404, "type", "notFound", "message", key + " is not in the penalty box"));
        }
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }
}
