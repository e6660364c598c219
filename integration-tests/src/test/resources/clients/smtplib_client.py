"""Python smtplib as a client of the interoperability matrix and of the submission tests.

Usage: smtplib_client.py HOST PORT FROM SUBJECT TLS(none|starttls|implicit)
                         [--user USER --password PASSWORD [--mechanism PLAIN|LOGIN]] [--to ADDRESS]
Without --mechanism, login() picks the mechanism as applications usually let it. Prints the session
(smtplib's debug output) and exits with a non-zero status when sending fails.
"""
import argparse
import ssl
import smtplib

arguments = argparse.ArgumentParser()
arguments.add_argument("host")
arguments.add_argument("port", type=int)
arguments.add_argument("sender")
arguments.add_argument("subject")
arguments.add_argument("tls", choices=["none", "starttls", "implicit"])
arguments.add_argument("--user")
arguments.add_argument("--password")
arguments.add_argument("--mechanism", choices=["PLAIN", "LOGIN"])
arguments.add_argument("--to", default="demo@localhost")
args = arguments.parse_args()
message = "From: <%s>\r\nTo: <%s>\r\nSubject: %s\r\n\r\nsent by smtplib\r\n" % (args.sender, args.to, args.subject)
# the fixture's certificate is self-signed
context = ssl._create_unverified_context()

if args.tls == "implicit":
    smtp = smtplib.SMTP_SSL(args.host, args.port, local_hostname="python.example", timeout=30, context=context)
else:
    smtp = smtplib.SMTP(args.host, args.port, local_hostname="python.example", timeout=30)
with smtp:
    smtp.set_debuglevel(1)
    if args.tls == "starttls":
        smtp.starttls(context=context)
    if args.mechanism:
        # auth() reads the credentials where login() would have put them
        smtp.user, smtp.password = args.user, args.password
        smtp.ehlo_or_helo_if_needed()
        smtp.auth(args.mechanism, getattr(smtp, "auth_" + args.mechanism.lower()))
    elif args.user:
        smtp.login(args.user, args.password)
    smtp.sendmail(args.sender, [args.to], message)
    print("does_esmtp=%s" % smtp.does_esmtp)
