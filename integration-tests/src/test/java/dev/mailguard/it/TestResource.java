package dev.mailguard.it;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** A file among the test resources, as a path a program of its own can be given (a client script). */
final class TestResource {
    private TestResource() {
    }

    static String path(String resource) {
        try {
            return Path.of(TestResource.class.getResource(resource).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
