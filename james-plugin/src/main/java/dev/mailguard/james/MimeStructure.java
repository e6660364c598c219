package dev.mailguard.james;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.stream.RecursionMode;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.ContentUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailguard.core.inspect.MimeParameters;
import dev.mailguard.core.inspect.PartRules;

/**
 * Reads a message's MIME structure with Mime4j, as a stream of tokens over the copy James already
 * holds (no second copy): each part's header, nested multiparts and attached messages included,
 * goes to {@link PartRules}; bodies are skipped, not decoded. A message whose top part is neither
 * multipart nor a message is read no further than its header.
 */
final class MimeStructure {
    private static final Logger LOGGER = LoggerFactory.getLogger(MimeStructure.class);
    /** No limit of Mime4j's own: James accepted the message, the rules judge it. */
    private static final MimeConfig UNLIMITED = MimeConfig.custom().setMaxLineLen(-1).setMaxHeaderCount(-1).setMaxHeaderLen(-1)
        .setMaxContentLen(-1).build();

    private MimeStructure() {
    }

    /** Hands every part of {@code message} to {@code rules}; a message Mime4j cannot read is judged as far as it could. */
    static void inspect(InputStream message, PartRules rules) {
        MimeTokenStream tokens = new MimeTokenStream(UNLIMITED);
        tokens.setRecursionMode(RecursionMode.M_RECURSE);
        tokens.parse(message);
        Part part = new Part();
        boolean top = true;
        boolean headerRead = false;
        int recipients = 0;
        try {
            for (EntityState state = tokens.getState(); state != EntityState.T_END_OF_STREAM; state = tokens.next()) {
                if (headerRead) {
                    // Mime4j describes a body only once past its header; an attached message is described by its own header
                    headerRead = false;
                    String mediaType = state == EntityState.T_START_MESSAGE ? "message/rfc822" : tokens.getBodyDescriptor().getMimeType();
                    rules.part(part.filename(), mediaType, part.encoding);
                    if (top) {
                        top = false;
                        rules.headerRecipients(recipients);
                        if (state == EntityState.T_BODY) {
                            return; // neither multipart nor a message: no more parts
                        }
                    }
                }
                if (state == EntityState.T_START_HEADER) {
                    part = new Part();
                } else if (state == EntityState.T_FIELD) {
                    Field field = tokens.getField();
                    if (top && rules.countsHeaderRecipients() && isRecipientField(field)) {
                        recipients += LenientAddressParser.DEFAULT.parseAddressList(field.getBody()).flatten().size();
                    }
                    part.field(field);
                } else if (state == EntityState.T_END_HEADER) {
                    headerRead = true;
                }
            }
        } catch (IOException | MimeException | RuntimeException e) {
            LOGGER.debug("MailGuard: MIME structure read only in part", e);
        }
    }

    private static boolean isRecipientField(Field field) {
        String name = field.getName().toLowerCase(Locale.ROOT);
        return name.equals("to") || name.equals("cc") || name.equals("bcc");
    }

    /** What one part's header says about it. */
    private static final class Part {
        private Map<String, String> disposition = Map.of();
        private Map<String, String> contentType = Map.of();
        private String encoding;

        void field(Field field) {
            String name = field.getName().toLowerCase(Locale.ROOT);
            if (name.equals("content-disposition")) {
                disposition = parameters(field);
            } else if (name.equals("content-type")) {
                contentType = parameters(field);
            } else if (name.equals("content-transfer-encoding")) {
                encoding = field.getBody().trim().toLowerCase(Locale.ROOT);
            }
        }

        /** The file name a mail client would show: Content-Disposition's, else Content-Type's {@code name}. */
        String filename() {
            String name = MimeParameters.value(disposition, "filename");
            if (name == null) {
                name = MimeParameters.value(contentType, "name");
            }
            return name == null ? null : DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT);
        }

        private static Map<String, String> parameters(Field field) {
            ByteSequence body = ContentUtil.encode(field.getBody());
            RawBody parsed = RawFieldParser.DEFAULT.parseRawBody(body, new ParserCursor(0, body.length()));
            Map<String, String> parameters = new HashMap<>();
            for (NameValuePair parameter : parsed.getParams()) {
                if (parameter.getValue() != null) {
                    parameters.putIfAbsent(parameter.getName().toLowerCase(Locale.ROOT), parameter.getValue());
                }
            }
            return parameters;
        }
    }
}
