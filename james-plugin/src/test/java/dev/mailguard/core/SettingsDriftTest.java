package dev.mailguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Comment;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The settings as declared in {@link Settings} are the settings docs/reference.md documents and
 * conf/smtpserver.xml spells out, with the same defaults, so that neither drifts from the code.
 */
class SettingsDriftTest {
    static final String TABLE_HEADER = "| setting | default | values | effect | Cisco / Postfix equivalent |";
    private static final String HANDLER_CLASS = "dev.mailguard.james.MailGuardCommandDispatcher";
    /** An element written out inside a comment, such as {@code <!-- <allow>EXPN</allow> -->}. */
    private static final Pattern COMMENTED_ELEMENT = Pattern.compile("<(\\w+)>([^<]*)</\\1>");
    /** A table cell boundary: a pipe not escaped as {@code \|}. */
    private static final Pattern CELL_BOUNDARY = Pattern.compile("(?<!\\\\)\\|");

    /** The repository root: the parent of this module's directory, where Maven runs the tests. */
    private static Path repository() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().getParent();
    }

    @Test
    void referenceDocumentsEverySettingWithItsDefault() throws IOException {
        Map<String, String> documented = settingsTable(
            Files.readAllLines(repository().resolve("docs/reference.md"), StandardCharsets.UTF_8));

        assertThat(documented.keySet()).as("rows of the settings table in docs/reference.md")
            .containsExactlyInAnyOrderElementsOf(Settings.ALL.stream().map(Setting::element).collect(Collectors.toList()));
        for (Setting<?> setting : Settings.ALL) {
            assertThat(documented.get(setting.element())).as("default of %s in docs/reference.md", setting.element())
                .isEqualTo(setting.documentedDefault());
        }
    }

    @Test
    void confSpellsOutEverySettingInEveryListener() throws Exception {
        List<Element> handlers = mailGuardHandlers(repository().resolve("conf/smtpserver.xml"));

        assertThat(handlers).as("MailGuard handlers in conf/smtpserver.xml (MX, submission, submissions)").hasSize(3);
        for (int listener = 0; listener < handlers.size(); listener++) {
            Map<String, List<String>> elements = new LinkedHashMap<>();
            Map<String, List<String>> commented = new LinkedHashMap<>();
            readChildren(handlers.get(listener), elements, commented);
            String where = "listener " + (listener + 1) + " of conf/smtpserver.xml: ";

            elements.remove(PenaltyBoxSettings.ELEMENT); // its own table; not a setting
            elements.remove(ClientPolicies.POLICY);
            assertThat(Settings.ALL.stream().map(Setting::element)).as(where + "its elements are settings")
                .containsAll(elements.keySet());
            for (Setting<?> setting : Settings.ALL) {
                if (setting.defaultText().isPresent()) {
                    assertThat(elements.get(setting.element())).as(where + "<%s> holds its default", setting.element())
                        .containsExactly(setting.defaultText().get());
                } else {
                    assertThat(commented.get(setting.element())).as(where + "<%s> has a commented-out example",
                        setting.element()).isNotEmpty();
                    for (String example : commented.get(setting.element())) {
                        String written = "<" + setting.element() + ">" + example + "</" + setting.element() + ">";
                        MailGuardConfig.from(MailGuardConfigTest.handler(written)); // the example must be valid
                    }
                }
            }
        }
    }

    /** The settings table's rows as element name to default cell, the header checked word for word. */
    static Map<String, String> settingsTable(List<String> lines) {
        int heading = lines.indexOf("## Settings");
        assertThat(heading).as("a '## Settings' section").isNotNegative();
        int header = heading + 1;
        while (header < lines.size() && !lines.get(header).startsWith("|") && !lines.get(header).startsWith("## ")) {
            header++;
        }
        assertThat(header).as("a table in the Settings section").isLessThan(lines.size());
        assertThat(lines.get(header).trim()).isEqualTo(TABLE_HEADER);
        assertThat(lines.get(header + 1)).as("the table's delimiter row").matches("\\|(\\s*:?-+:?\\s*\\|){5}\\s*");
        Map<String, String> rows = new LinkedHashMap<>();
        for (int row = header + 2; row < lines.size() && lines.get(row).startsWith("|"); row++) {
            String[] cells = CELL_BOUNDARY.split(lines.get(row).trim(), -1);
            assertThat(cells).as(lines.get(row)).hasSize(7); // empty text before the first pipe and after the last
            Matcher setting = Pattern.compile("`(\\w+)`").matcher(cells[1].trim());
            assertThat(setting.matches()).as("first cell is an element name in backticks: " + lines.get(row)).isTrue();
            assertThat(rows.put(setting.group(1), cells[2].trim())).as("rows for " + setting.group(1)).isNull();
        }
        return rows;
    }

    private static List<Element> mailGuardHandlers(Path smtpserver) throws Exception {
        NodeList handlers = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(smtpserver.toFile())
            .getElementsByTagName("handler");
        List<Element> mailGuard = new ArrayList<>();
        for (int i = 0; i < handlers.getLength(); i++) {
            Element handler = (Element) handlers.item(i);
            if (HANDLER_CLASS.equals(handler.getAttribute("class"))) {
                mailGuard.add(handler);
            }
        }
        return mailGuard;
    }

    private static void readChildren(Element handler, Map<String, List<String>> elements,
                                     Map<String, List<String>> commented) {
        for (Node child = handler.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element) {
                elements.computeIfAbsent(child.getNodeName(), name -> new ArrayList<>()).add(child.getTextContent().trim());
            } else if (child instanceof Comment) {
                Matcher example = COMMENTED_ELEMENT.matcher(child.getNodeValue().trim());
                if (example.matches()) {
                    commented.computeIfAbsent(example.group(1), name -> new ArrayList<>()).add(example.group(2));
                }
            }
        }
    }
}
