package dev.mailguard.it.clients;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Angus Mail sending a message with one attachment, the way a mail client attaches a file: Jakarta
 * Mail writes a long or non-ASCII file name as RFC 2231 continuations. Usage: {@code HOST PORT
 * SUBJECT FILENAME}; the session goes to stdout, a refused message ends the program with a non-zero status.
 */
public final class AngusAttachmentProgram {
    private AngusAttachmentProgram() {
    }

    public static void main(String[] args) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", args[0]);
        properties.setProperty("mail.smtp.port", args[1]);
        properties.setProperty("mail.smtp.localhost", "angus.example");
        properties.setProperty("mail.smtp.timeout", "30000");
        Session session = Session.getInstance(properties);
        session.setDebug(true);
        session.setDebugOut(System.out);

        MimeMessage message = new MimeMessage(session);
        message.setFrom("angus@example.org");
        message.setRecipients(Message.RecipientType.TO, "demo@localhost");
        message.setSubject(args[2]);
        MimeBodyPart text = new MimeBodyPart();
        text.setText("the attachment is in the next part\r\n");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setContent("attached bytes\r\n".getBytes(StandardCharsets.US_ASCII), "application/octet-stream");
        attachment.setFileName(args[3]);
        attachment.setDisposition(MimeBodyPart.ATTACHMENT);
        MimeMultipart mixed = new MimeMultipart();
        mixed.addBodyPart(text);
        mixed.addBodyPart(attachment);
        message.setContent(mixed);
        Transport.send(message);
    }
}
