package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailguard.demo.DemoKeystore;

/**
 * conf/keystore is made one way everywhere: README.md's keytool line (the installation step an
 * administrator follows), run.sh, docker/Dockerfile and the demo launcher give keytool the same
 * arguments, but for where the file goes.
 */
class KeystoreStepTest {
    @Test
    void readmeRunShTheDockerfileAndTheLauncherRunTheSameKeytoolLine() throws Exception {
        List<String> readme = ReadmeCommands.line("keytool");
        assertThat(readme).isEqualTo(keytool("conf/keystore"));

        assertThat(words("run.sh")).as("run.sh").containsSequence(keytool("\"$keystore\""));
        assertThat(words("docker/Dockerfile")).as("docker/Dockerfile").containsSequence(keytool("conf/keystore"));
    }

    private static List<String> keytool(String keystore) {
        List<String> line = new ArrayList<>();
        line.add("keytool");
        line.addAll(DemoKeystore.keytoolArguments(keystore));
        return line;
    }

    /** The file's words, its continued lines joined. */
    private static List<String> words(String file) throws Exception {
        String text = Files.readString(ReadmeCommands.repository().resolve(file), StandardCharsets.UTF_8);
        return List.of(text.replace("\\\n", " ").split("\\s+"));
    }
}
