package dev.mailguard.james;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.ReceivedDataLineFilter;


/**
 * James's Received header without the software name ({@code by host (JAMES SMTP Server ) with}
 * becomes {@code by host with}) when {@code maskSoftwareName} is on.
 */
public class AnonymousReceivedDataLineFilter extends ReceivedDataLineFilter implements WiredToDispatcher {
    private volatile ListenerPolicies listener = ListenerPolicies.unregistered();

    @Override
    protected Collection<Header> headers(SMTPSession session) {
        Collection<Header> headers = super.headers(session);
        if (!MailGuardSession.of(session, listener).config().maskSoftwareName()) {
            return headers;
        }
        String softwareName = " (" + session.getConfiguration().getSoftwareName() + ")";
        List<Header> anonymous = new ArrayList<>(headers.size());
        for (Header header : headers) {
            Header copy = null;
            for (String value : header.values) {
                String cleaned = value.replace(softwareName, "");
                copy = copy == null ? new Header(header.name, cleaned) : copy.add(cleaned);
            }
            anonymous.add(copy);
        }
        return anonymous;
    }

    @Override
    public void use(ListenerPolicies listener) {
        this.listener = listener;
    }
}
