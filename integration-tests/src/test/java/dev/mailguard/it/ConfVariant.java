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
            Document settings = parse("<settings>" + settingsXml + "</settings>");
            NodeList children = settings.getDocumentElement().getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                handler.appendChild(document.importNode(children.item(i), true));
            }
        });
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
        NodeList elements = document.getElementsByTagName(tag);
        for (int i = 0; i < elements.getLength(); i++) {
            Element element = (Element) elements.item(i);
            if (className.equals(element.getAttribute("class"))) {
                return element;
            }
        }
        throw new IllegalStateException("No <" + tag + " class=\"" + className + "\"> in " + document.getDocumentURI());
    }

    private static void appendText(Document document, Node parent, String tag, String text) {
        Element element = document.createElement(tag);
        element.setTextContent(text);
        parent.appendChild(element);
    }
}
