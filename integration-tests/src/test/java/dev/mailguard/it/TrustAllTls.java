package dev.mailguard.it;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** TLS's client side over an open connection, after STARTTLS or from its first byte; the demo certificate is self-signed, so any is trusted. */
final class TrustAllTls {
    private static final TrustManager[] TRUST_ALL = {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }};

    private TrustAllTls() {
    }

    /** The TLS socket over {@code plain}, handshake done; closing it closes {@code plain}. */
    static SSLSocket handshake(Socket plain) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, TRUST_ALL, null);
        SSLSocket tls = (SSLSocket) context.getSocketFactory()
            .createSocket(plain, MailGuardServerFixture.LOOPBACK, plain.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        return tls;
    }
}
