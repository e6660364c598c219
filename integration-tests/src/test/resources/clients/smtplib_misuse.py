"""Python smtplib used in ways MailGuard refuses on purpose; prints the reply the refused command got.

Usage: smtplib_misuse.py HOST PORT CASE
  size-twice: sendmail() adds SIZE= itself where SIZE is advertised; the caller passes size= again
  notify:     NOTIFY= on RCPT (a DSN parameter) where the server does not advertise DSN
"""
import smtplib
import sys

host, port, case = sys.argv[1], int(sys.argv[2]), sys.argv[3]
message = "Subject: smtplib misuse %s\r\n\r\nrefused on purpose\r\n" % case
mail_options, rcpt_options = {"size-twice": (["size=%d" % len(message)], []),
                              "notify": ([], ["NOTIFY=SUCCESS,FAILURE"])}[case]

with smtplib.SMTP(host, port, local_hostname="python.example", timeout=30) as smtp:
    smtp.ehlo()
    print("esmtp_features=%s" % sorted(smtp.esmtp_features))
    try:
        smtp.sendmail("interop@example.org", ["demo@localhost"], message, mail_options, rcpt_options)
        print("accepted")
    except smtplib.SMTPSenderRefused as refused:
        print("refused %d %s" % (refused.smtp_code, refused.smtp_error.decode()))
    except smtplib.SMTPRecipientsRefused as refused:
        code, text = refused.recipients["demo@localhost"]
        print("refused %d %s" % (code, text.decode()))
