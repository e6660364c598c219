package dev.mailguard.it;

import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import dev.mailguard.demo.MailGuardServer.ConfigurationEdit;

/** Variants of the one conf/ folder, derived in code so that conf/ stays the single source. */
final class ConfVariant {
    static final String MAILGUARD_HANDLER = "dev.mailguard.james.MailGuardCommandDispatcher";

    private ConfVariant() {
    }

    /** Replaces the settings inside MailGuard's handler element of smtpserver.xml. */
    static ConfigurationEdit mailGuardSettings(String settingsXml) {
        return conf -> edit(conf.resolve("smtpserver.xml"), document -> {
            Element handler = elementWithClass(document, "handler", MAILGUARD_HANDLER);
            while (handler.getFirstChild() != null) {
                handler.removeChild(handler.getFirstChild());
            }
            appendXml(document, handler, settingsXml);
        });
    }

    /**
     * Adds {@code xml} (policies, say) to MailGuard's handler element of the {@code <smtpserver>} at
     * {@code listener} (0 is the MX listener, 1 submission), after conf/'s own settings.
     */
    static ConfigurationEdit addToMailGuard(int listener, String xml) {
        return conf -> edit(conf.resolve("smtpserver.xml"), document -> {
            NodeList handlers = listener(document, listener).getElementsByTagName("handler");
            appendXml(document, elementWithClass(handlers, MAILGUARD_HANDLER, "<smtpserver> " + listener), xml);
        });
    }

    /** MailGuard's setting {@code tag} of the {@code <smtpserver>} at {@code listener} says {@code value}, in place of what it says. */
    static ConfigurationEdit setInMailGuard(int listener, String tag, String value) {
        return conf -> edit(conf.resolve("smtpserver.xml"), document -> {
            NodeList handlers = listener(document, listener).getElementsByTagName("handler");
            Element handler = elementWithClass(handlers, MAILGUARD_HANDLER, "<smtpserver> " + listener);
            for (Node child = handler.getFirstChild(); child != null; ) {
                Node next = child.getNextSibling();
                if (child instanceof Element && child.getNodeName().equals(tag)) {
                    handler.removeChild(child);
                }
                child = next;
            }
            appendText(document, handler, tag, value);
        });
    }

    /** Adds James's handler {@code className} to the handler chain of the {@code <smtpserver>} at {@code listener}. */
    static ConfigurationEdit addHandler(int listener, String className) {
        return conf -> edit(conf.resolve("smtpserver.xml"), document -> {
            Element chain = (Element) listener(document, listener).getElementsByTagName("handlerchain").item(0);
            Element handler = document.createElement("handler");
            handler.setAttribute("class", className);
            chain.appendChild(handler);
        });
    }

    /**
     * Every {@code <penaltyBox>} of smtpserver.xml keeps at most {@code maxEntries} clients: listeners
     * sharing the memory store must agree on it.
     */
    static ConfigurationEdit penaltyBoxMaxEntries(int maxEntries) {
        return everyPenaltyBox("maxEntries", String.valueOf(maxEntries));
    }

    /**
     * Every {@code <penaltyBox>} of smtpserver.xml names {@code store} ({@code redis://HOST:PORT}, say),
     * so that all listeners share its box; apply it after {@link #mailGuardSettings}.
     */
    static ConfigurationEdit penaltyBoxStore(String store) {
        return everyPenaltyBox("store", store);
    }

    /** {@code <tag>value</tag>} in every {@code <penaltyBox>} of smtpserver.xml, in place of what it says. */
    private static ConfigurationEdit everyPenaltyBox(String tag, String value) {
        return conf -> edit(conf.resolve("smtpserver.xml"), document -> {
            NodeList boxes = document.getElementsByTagName("penaltyBox");
            for (int i = 0; i < boxes.getLength(); i++) {
                Element box = (Element) boxes.item(i);
                NodeList written = box.getElementsByTagName(tag);
                for (int j = written.getLength() - 1; j >= 0; j--) {
                    box.removeChild(written.item(j));
                }
                appendText(document, box, tag, value);
            }
        });
    }

    /** The {@code <smtpserver>} at {@code listener} takes connections only after a PROXY protocol header (James's proxyRequired). */
    static ConfigurationEdit proxyRequired(int listener) {
        return conf -> edit(conf.resolve("smtpserver.xml"),
            document -> appendText(document, listener(document, listener), "proxyRequired", "true"));
    }

    /** Sends relayed mail to one SMTP server (the GreenMail sink) instead of looking up MX records. */
    static ConfigurationEdit relayTo(int gatewayPort) {
        return conf -> edit(conf.resolve("mailetcontainer.xml"), document -> {
            Element remoteDelivery = elementWithClass(document, "mailet", "RemoteDelivery");
            appendText(document, remoteDelivery, "gateway", MailGuardServerFixture.LOOPBACK);
            appendText(document, remoteDelivery, "gatewayPort", String.valueOf(gatewayPort));
        });
    }

    static ConfigurationEdit all(ConfigurationEdit... edits) {
        return conf -> {
            for (ConfigurationEdit edit : edits) {
                edit.apply(conf);
            }
        };
    }

    private interface DocumentEdit {
        void apply(Document document) throws Exception;
    }

    private static void edit(Path file, DocumentEdit edit) {
        try {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
            edit.apply(document);
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(file.toFile()));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot derive a variant of " + file, e);
        }
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new org.xml.sax.InputSource(new java.io.StringReader(xml)));
    }

    private static Element elementWithClass(Document document, String tag, String className) {
        return elementWithClass(document.getElementsByTagName(tag), className, document.getDocumentURI());
    }

    private static Element elementWithClass(NodeList elements, String className, String where) {
        for (int i = 0; i < elements.getLength(); i++) {
            Element element = (Element) elements.item(i);
            if (className.equals(element.getAttribute("class"))) {
                return element;
            }
        }
        throw new IllegalStateException("No element of class " + className + " in " + where);
    }

    private static Element listener(Document document, int position) {
        NodeList listeners = document.getElementsByTagName("smtpserver");
        if (position >= listeners.getLength()) {
            throw new IllegalStateException("smtpserver.xml has no <smtpserver> at position " + position);
        }
        return (Element) listeners.item(position);
    }

    private static void appendXml(Document document, Element parent, String xml) throws Exception {
        NodeList children = parse("<settings>" + xml + "</settings>").getDocumentElement().getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            parent.appendChild(document.importNode(children.item(i), true));
        }
    }

    private static void appendText(Document document, Node parent, String tag, String text) {
        Element element = document.createElement(tag);
        element.setTextContent(text);
        parent.appendChild(element);
    }
}
