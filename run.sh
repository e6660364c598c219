#!/usr/bin/env bash
# The README's run command: builds MailGuard (tests skipped) and starts James 3.8.1 (memory) with
# MailGuard loaded from extensions-jars, on 127.0.0.1. Environment: MAILGUARD_SMTP_PORT (2525, MX),
# MAILGUARD_SUBMISSION_PORT (5587, submission with STARTTLS and AUTH), MAILGUARD_SUBMISSIONS_PORT
# (5465, submissions: implicit TLS and AUTH), MAILGUARD_IMAP_PORT (1143), MAILGUARD_WEBADMIN_PORT (8000),
# MAILGUARD_CONF_DIR (conf).
set -euo pipefail
cd "$(dirname "$0")"
echo "Building MailGuard (the first build downloads James 3.8.1 from Maven Central)..." >&2
mvn -B -q -DskipTests package
# conf/ offers STARTTLS with conf/keystore: the README's self-signed demo keystore unless there is one already
keystore="${MAILGUARD_CONF_DIR:-conf}/keystore"
if [ ! -f "$keystore" ]; then
    echo "Creating a self-signed demo keystore for STARTTLS: $keystore" >&2
    keytool -genkeypair -alias james -keyalg RSA -keysize 2048 -validity 825 -dname CN=localhost \
        -ext SAN=dns:localhost,ip:127.0.0.1 -storetype PKCS12 -keystore "$keystore" -storepass mailguard -keypass mailguard
fi
exec java -Dmailguard.extensions.dir=integration-tests/target/extensions-jars \
    -cp "integration-tests/target/classes:$(cat integration-tests/target/launcher.classpath)" \
    dev.mailguard.demo.MailGuardDemo
