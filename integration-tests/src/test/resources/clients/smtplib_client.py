"""Python smtplib as a client of the interoperability matrix.

Usage: smtplib_client.py HOST PORT FROM SUBJECT TLS(0|1) [USER PASSWORD]
Prints the session (smtplib's debug output) and exits with a non-zero status when sending fails.
"""
import ssl
import smtplib
import sys

host, port, sender, subject, tls = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5] == "1"
credentials = sys.argv[6:8]
message = "From: <%s>\r\nTo: <demo@localhost>\r\nSubject: %s\r\n\r\nsent by smtplib\r\n" % (sender, subject)

with smtplib.SMTP(host, port, local_hostname="python.example", timeout=30) as smtp:
    smtp.set_debuglevel(1)
    if tls:
        # the fixture's certificate is self-signed
        smtp.starttls(context=ssl._create_unverified_context())
    if credentials:
        smtp.login(*credentials)
    smtp.sendmail(sender, ["demo@localhost"], message)
    print("does_esmtp=%s" % smtp.does_esmtp)
