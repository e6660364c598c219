#!/usr/bin/env bash
# Server CPU per command and per connection, stock James against James with MailGuard (esmtp), with
# one client at a time (docs/benchmarks.md, "Per command and per connection"). Reuses the server folders that
# benchmarks/compare.sh --separate-jvms or benchmarks/threads.sh leave in benchmarks/target/e2e, starts the stock and
# guard servers pinned to the last CPU, and drives each from a Python client on the other CPUs:
# NOOP and EHLO repeated 20,000 times on one session, and 3,000 connections that only say QUIT.
# CPU is the server JVM's user+system time from /proc (10 ms ticks). Prints one line per round;
# the first rounds include JIT warm-up. Usage: benchmarks/per-command.sh [ROUNDS]   (default 6)
set -euo pipefail
rounds=${1:-6}
cd "$(dirname "$0")/.."
e2e=benchmarks/target/e2e
[ -d "$e2e/stock/conf" ] && [ -d "$e2e/guard-esmtp/conf" ] || { echo "run benchmarks/compare.sh --separate-jvms or benchmarks/threads.sh first: they leave the server folders used here" >&2; exit 2; }
last=$(( $(nproc) - 1 ))
classpath="integration-tests/target/classes:$(cat integration-tests/target/launcher.classpath)"
servers=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
pids=()
for name in stock guard-esmtp; do
    extensions=integration-tests/target/extensions-jars
    [ "$name" = stock ] && extensions=$e2e/stock/no-extensions
    MAILGUARD_CONF_DIR="$PWD/$e2e/$name/conf" MAILGUARD_SMTP_PORT=0 MAILGUARD_SUBMISSION_PORT=0 MAILGUARD_SUBMISSIONS_PORT=0 MAILGUARD_IMAP_PORT=0 MAILGUARD_WEBADMIN_PORT=0 \
        taskset -c "$last" java -Xms1g -Xmx1g -Dmailguard.extensions.dir="$extensions" -cp "$classpath" \
        dev.mailguard.demo.MailGuardDemo > "$e2e/$name/per-command.log" 2>&1 < /dev/null &
    pids+=($!)
done
for i in 0 1; do
    name=$([ $i = 0 ] && echo stock || echo guard-esmtp)
    until grep -aq "MailGuard ready" "$e2e/$name/per-command.log"; do kill -0 "${pids[$i]}"; sleep 0.5; done
    servers+=("$name:${pids[$i]}:$(grep -ao 'smtp=127.0.0.1:[0-9]*' "$e2e/$name/per-command.log" | cut -d: -f2)")
done
taskset -c "0-$(( last > 0 ? last - 1 : 0 ))" python3 - "$rounds" "${servers[@]}" <<'PY'
import socket, sys, time

def cpu_ticks(pid):
    fields = open('/proc/%s/stat' % pid).read().rsplit(')', 1)[1].split()
    return int(fields[11]) + int(fields[12])

def connect(port):
    sock = socket.create_connection(('127.0.0.1', port), timeout=30)  # a server that stops answering fails the run
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock, sock.makefile('rb')

def reply(replies):
    while True:
        line = replies.readline()
        if line[3:4] != b'-':
            return line

def repeated(port, n, command):
    sock, replies = connect(port)
    reply(replies)
    for _ in range(n):
        sock.sendall(command)
        assert reply(replies)[:1] == b'2'
    sock.close()

def connections(port, n):
    for _ in range(n):
        sock, replies = connect(port)
        reply(replies)
        sock.sendall(b'QUIT\r\n')
        assert reply(replies).startswith(b'221')
        sock.close()

rounds, servers = int(sys.argv[1]), [s.split(':') for s in sys.argv[2:]]
work = (('NOOP', lambda port, n: repeated(port, n, b'NOOP\r\n'), 20000),
        ('EHLO', lambda port, n: repeated(port, n, b'EHLO bench.example\r\n'), 20000),
        ('connect+QUIT', connections, 3000))
for round in range(1, rounds + 1):
    for name, pid, port in servers:
        figures = []
        for label, drive, n in work:
            before = cpu_ticks(pid)
            drive(int(port), n)
            time.sleep(0.2)  # let the server finish closing before reading its CPU
            figures.append('%s %.1f us' % (label, (cpu_ticks(pid) - before) * 10000 / n))
        print('round %d %-12s %s' % (round, name, ' | '.join(figures)), flush=True)
PY
