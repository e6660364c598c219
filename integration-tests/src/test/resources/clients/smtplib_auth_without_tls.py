"""smtplib on a submission listener without TLS: what it is offered, what AUTH gets, what login() does.

Usage: smtplib_auth_without_tls.py HOST PORT USER PASSWORD
"""
import base64
import smtplib
import sys

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
smtp = smtplib.SMTP(host, port, timeout=30)
smtp.ehlo("smtplib.example")
print("auth offered:", smtp.has_extn("auth"))
credentials = base64.b64encode(("\0" + user + "\0" + password).encode()).decode()
code, message = smtp.docmd("AUTH", "PLAIN " + credentials)
print("AUTH PLAIN:", code, message.decode())
code, message = smtp.docmd("AUTH", "LOGIN")
print("AUTH LOGIN:", code, message.decode())
try:
    smtp.login(user, password)
    print("login: authenticated")
except smtplib.SMTPNotSupportedError as refused:
    print("login: refused:", refused)
smtp.quit()
