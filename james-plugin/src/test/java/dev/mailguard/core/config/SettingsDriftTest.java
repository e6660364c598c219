package dev.mailguard.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
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
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.apache.commons.configuration2.Configuration;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Comment;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import dev.mailguard.core.penalty.PenaltyBoxSettings;
import dev.mailguard.core.policy.ClientPolicies;

/**
 * The settings as declared in {@link Settings} are the settings docs/reference.md documents, in the
 * handler's, the policy's and the penalty box's tables, with the same defaults; and every MailGuard
 * element in conf/, docker/ and the reference's examples is read without a mistake by the reader
 * James runs, so that neither the documents nor the shipped files drift from the code.
 */
class SettingsDriftTest {
    private static final String TABLE_HEADER = "| setting | default | values | effect | Cisco / Postfix equivalent |";
    private static final String ELEMENT_TABLE_HEADER = "| element | default | values | effect |";
    private static final String HANDLER_CLASS = "dev.mailguard.james.MailGuardCommandDispatcher";
    /** An element written out inside a comment, such as {@code <!-- <allow>EXPN</allow> -->}. */
    private static final Pattern COMMENTED_ELEMENT = Pattern.compile("<(\\w+)>([^<]*)</\\1>");
    /** A commented-out group, such as the MX listener's {@code <penaltyBox>} or a {@code <policy>}. */
    private static final Pattern COMMENTED_GROUP = Pattern.compile("\\s*<(policy|penaltyBox)[\\s>].*", Pattern.DOTALL);
    /** A table cell boundary: a pipe not escaped as {@code \|}. */
    private static final Pattern CELL_BOUNDARY = Pattern.compile("(?<!\\\\)\\|");
    private static final Pattern XML_EXAMPLE = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL);

    /** The repository root: the parent of this module's directory, where Maven runs the tests. */
    private static Path repository() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().getParent();
    }

    private static List<String> reference() throws IOException {
        return Files.readAllLines(repository().resolve("docs/reference.md"), StandardCharsets.UTF_8);
    }

    @Test
    void referenceDocumentsEverySettingWithItsDefault() throws IOException {
        assertDocuments(table(reference(), "## Settings", TABLE_HEADER), Settings.HANDLER);
        assertDocuments(table(reference(), "## Per-client policies", ELEMENT_TABLE_HEADER), Settings.POLICY_SETTINGS);
        assertDocuments(table(reference(), "## Penalty box", ELEMENT_TABLE_HEADER), Settings.PENALTY_BOX);
    }

    private static void assertDocuments(Map<String, String> documented, SettingGroup group) {
        assertThat(documented.keySet()).as("rows of the <%s> table in docs/reference.md", group)
            .containsExactlyElementsOf(group.settings().stream().map(Setting::element).collect(Collectors.toList()));
        for (Setting<?> setting : group.settings()) {
            assertThat(documented.get(setting.element())).as("default of %s in docs/reference.md", setting.element())
                .isEqualTo(setting.documentedDefault());
        }
    }

    /** Every XML example of the reference is a handler, or a penalty box, that MailGuard reads as it is. */
    @Test
    void referenceExamplesAreReadWithoutAMistake() throws Exception {
        Matcher example = XML_EXAMPLE.matcher(String.join("\n", reference()));
        int examples = 0;
        while (example.find()) {
            String xml = example.group(1).trim();
            String children = xml.startsWith("<handler") ? xml.substring(xml.indexOf('>') + 1, xml.lastIndexOf("</handler>"))
                : xml;
            readAsJamesDoes(MailGuardConfigTest.handler(children));
            examples++;
        }
        assertThat(examples).as("XML examples in docs/reference.md").isGreaterThanOrEqualTo(3);
    }

    @Test
    void confSpellsOutEverySettingInEveryListener() throws Exception {
        List<Element> handlers = mailGuardHandlers(repository().resolve("conf/smtpserver.xml"));

        assertThat(handlers).as("MailGuard handlers in conf/smtpserver.xml (MX, submission, submissions)").hasSize(3);
        for (int listener = 0; listener < handlers.size(); listener++) {
            String where = "listener " + (listener + 1) + " of conf/smtpserver.xml: ";
            Element handler = handlers.get(listener);
            assertSpellsOut(handler, Settings.HANDLER, where);
            List<Element> groups = new ArrayList<>(children(handler, Settings.PENALTY_BOX.name()));
            groups.addAll(commentedGroups(handler, Settings.PENALTY_BOX.name()));
            assertThat(groups).as(where + "a <penaltyBox>, given or commented out").hasSize(1);
            assertSpellsOut(groups.get(0), Settings.PENALTY_BOX, where + "<penaltyBox>: ");
            assertThat(commentedGroups(handler, Settings.POLICY_SETTINGS.name())).as(where + "a commented-out <policy>")
                .isNotEmpty();
        }
    }

    /**
     * Every MailGuard handler of every James configuration shipped (conf/, docker/), with each of its
     * commented-out policies and penalty boxes put in, is read without a mistake: every element is a
     * declared setting of its group, with a valid value.
     */
    @Test
    void everyShippedHandlerIsReadWithoutAMistake() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Stream.concat(Files.walk(repository().resolve("conf")), Files.walk(repository().resolve("docker")))) {
            files = walk.filter(file -> file.toString().endsWith(".xml")).collect(Collectors.toList());
        }
        int handlers = 0;
        for (Path file : files) {
            for (Element handler : mailGuardHandlers(file)) {
                String children = children(handler).stream().map(SettingsDriftTest::xml).collect(Collectors.joining());
                readAsJamesDoes(MailGuardConfigTest.handler(children));
                for (Element commented : commentedGroups(handler, null)) {
                    String others = commented.getNodeName().equals(Settings.PENALTY_BOX.name())
                        ? children.replaceAll("(?s)<penaltyBox>.*</penaltyBox>", "") : children;
                    readAsJamesDoes(MailGuardConfigTest.handler(others + xml(commented)));
                }
                handlers++;
            }
        }
        assertThat(handlers).as("MailGuard handlers in conf/ and docker/").isGreaterThanOrEqualTo(5);
    }

    private static void readAsJamesDoes(Configuration handler) throws Exception {
        PenaltyBoxSettings.requireForRates(ClientPolicies.from(handler), PenaltyBoxSettings.from(handler));
    }

    /** The element's settings are the group's, each holding its default or, without one, a commented-out example. */
    private static void assertSpellsOut(Element element, SettingGroup group, String where) throws Exception {
        Map<String, List<String>> elements = new LinkedHashMap<>();
        Map<String, List<String>> commented = new LinkedHashMap<>();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element && !child.getNodeName().equals(Settings.PENALTY_BOX.name())) {
                elements.computeIfAbsent(child.getNodeName(), name -> new ArrayList<>()).add(child.getTextContent().trim());
            } else if (child instanceof Comment) {
                Matcher example = COMMENTED_ELEMENT.matcher(child.getNodeValue().trim());
                if (example.matches()) {
                    commented.computeIfAbsent(example.group(1), name -> new ArrayList<>()).add(example.group(2));
                }
            }
        }
        assertThat(group.settings().stream().map(Setting::element)).as(where + "its elements are settings")
            .containsAll(elements.keySet());
        for (Setting<?> setting : group.settings()) {
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

    /** A table's rows as element name to default cell, the header checked word for word. */
    private static Map<String, String> table(List<String> lines, String heading, String tableHeader) {
        int section = lines.indexOf(heading);
        assertThat(section).as("a '%s' section", heading).isNotNegative();
        int header = section + 1;
        while (header < lines.size() && !lines.get(header).trim().equals(tableHeader) && !lines.get(header).startsWith("## ")) {
            header++;
        }
        assertThat(header).as("a table in the %s section", heading).isLessThan(lines.size());
        assertThat(lines.get(header).trim()).isEqualTo(tableHeader);
        int columns = CELL_BOUNDARY.split(tableHeader, -1).length - 2;
        assertThat(lines.get(header + 1)).as("the table's delimiter row").matches("\\|(\\s*:?-+:?\\s*\\|){" + columns + "}\\s*");
        Map<String, String> rows = new LinkedHashMap<>();
        for (int row = header + 2; row < lines.size() && lines.get(row).startsWith("|"); row++) {
            String[] cells = CELL_BOUNDARY.split(lines.get(row).trim(), -1);
            assertThat(cells).as(lines.get(row)).hasSize(columns + 2); // empty text before the first pipe and after the last
            Matcher setting = Pattern.compile("`(\\w+)`( \\(attribute of `<\\w+>`\\))?").matcher(cells[1].trim());
            assertThat(setting.matches()).as("first cell is an element name in backticks: " + lines.get(row)).isTrue();
            assertThat(rows.put(setting.group(1), cells[2].trim())).as("rows for " + setting.group(1)).isNull();
        }
        return rows;
    }

    private static List<Element> mailGuardHandlers(Path file) throws Exception {
        NodeList handlers = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile())
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

    private static List<Element> children(Element parent) {
        return children(parent, null);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> children = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element && (name == null || child.getNodeName().equals(name))) {
                children.add((Element) child);
            }
        }
        return children;
    }

    /** The groups written out whole in comments, parsed, of one name or (null) of either. */
    private static List<Element> commentedGroups(Element handler, String name) throws Exception {
        List<Element> groups = new ArrayList<>();
        for (Node child = handler.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Comment && COMMENTED_GROUP.matcher(child.getNodeValue()).matches()) {
                Element group = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new InputSource(new StringReader(child.getNodeValue().trim()))).getDocumentElement();
                if (name == null || group.getNodeName().equals(name)) {
                    groups.add(group);
                }
            }
        }
        return groups;
    }

    private static String xml(Node node) {
        try {
            StringWriter written = new StringWriter();
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.transform(new DOMSource(node), new StreamResult(written));
            return written.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
