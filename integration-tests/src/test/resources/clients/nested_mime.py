#!/usr/bin/env python3
"""Builds a nested MIME message with Python's email package and sends it with smtplib.

Usage: nested_mime.py HOST PORT SUBJECT NAME_LENGTH OUTFILE
multipart/mixed holding a multipart/alternative (text, HTML), an attached message/rfc822 whose own
attachment is named NAME_LENGTH characters, and a binary attachment. The exact bytes sent go to
OUTFILE. Prints the server's reply to the message; exits 3 when the message is refused.
"""
import smtplib
import sys
from email.message import EmailMessage
from email.policy import SMTP

host, port, subject, name_length, outfile = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]

attached = EmailMessage(policy=SMTP)
attached['From'] = 'inner@example.org'
attached['Subject'] = 'attached message'
attached.set_content('the attached message\n')
attached.add_attachment(b'inner attachment\n', maintype='application', subtype='octet-stream',
                        filename='n' * (name_length - 4) + '.txt')

message = EmailMessage(policy=SMTP)
message['From'] = 'python@example.org'
message['To'] = 'demo@localhost'
message['Subject'] = subject
message.set_content('plain text part\n')
message.add_alternative('<p>HTML part</p>\n', subtype='html')
message.add_attachment(attached)
message.add_attachment(bytes(range(256)), maintype='application', subtype='octet-stream', filename='report.bin')
data = message.as_bytes()
with open(outfile, 'wb') as out:
    out.write(data)

client = smtplib.SMTP(host, port, local_hostname='python.example', timeout=30)
try:
    client.sendmail('python@example.org', ['demo@localhost'], data)
    print('accepted')
except smtplib.SMTPDataError as refused:
    print(refused.smtp_code, refused.smtp_error.decode())
    sys.exit(3)
finally:
    try:
        client.quit()
    except smtplib.SMTPServerDisconnected:
        pass
