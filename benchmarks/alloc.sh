#!/usr/bin/env bash
# Bytes allocated per new-connection transaction (EHLO, MAIL, RCPT, DATA 1 KB, QUIT) by the server,
# stock James against James with MailGuard (esmtp) and, with --baseline DIR, an earlier build's
# extensions-jars (docs/benchmarks.md, "Allocation: `alloc.sh`"). Unlike CPU time, allocation does not change with
# the machine's speed, so it can be compared on a noisy machine. Reuses the server folders that
# benchmarks/compare.sh --separate-jvms leaves in benchmarks/target/e2e; fetches async-profiler 3.0 from Maven
# Central (allocation sampling every 128 bytes, JVMTI); one Python client at a time.
# With --cpu it samples CPU time instead (every 200 us of CPU): server CPU per transaction and the
# share of it spent in MailGuard's frames.
# Usage: benchmarks/alloc.sh [--cpu] [--baseline DIR] [CONNECTIONS] [WARMUP_CONNECTIONS]   (1000 and 2500)
set -euo pipefail
baseline="" event=alloc
if [ "${1:-}" = --cpu ]; then event=cpu; shift; fi
if [ "${1:-}" = --baseline ]; then baseline=$(realpath "${2:?--baseline needs an extensions-jars folder}"); shift 2; fi
connections=${1:-1000}
warmup=${2:-2500}
cd "$(dirname "$0")/.."
e2e=benchmarks/target/e2e
out=benchmarks/target/alloc
[ -d "$e2e/stock/conf" ] && [ -d "$e2e/guard-esmtp/conf" ] || { echo "run benchmarks/compare.sh --separate-jvms or benchmarks/threads.sh first: they leave the server folders used here" >&2; exit 2; }
rm -rf "$out" && mkdir -p "$out"
profiler=benchmarks/target/async-profiler/linux-x64/libasyncProfiler.so
if [ ! -f "$profiler" ]; then
    mvn -B -q dependency:copy -Dartifact=tools.profiler:async-profiler:3.0:jar:linux-x64 -DoutputDirectory=benchmarks/target/async-profiler
    (cd benchmarks/target/async-profiler && unzip -q -o async-profiler-3.0-linux-x64.jar)
fi
last=$(( $(nproc) - 1 ))
classpath="integration-tests/target/classes:$(cat integration-tests/target/launcher.classpath)"
names=(stock guard-esmtp)
[ -n "$baseline" ] && names+=(guard-baseline)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
for name in "${names[@]}"; do
    case $name in
        stock) extensions=$e2e/stock/no-extensions ;;
        guard-baseline) extensions=$baseline ;;
        *) extensions=integration-tests/target/extensions-jars ;;
    esac
    conf=$e2e/$name/conf
    [ "$name" = guard-baseline ] && conf=$e2e/guard-esmtp/conf
    MAILGUARD_CONF_DIR="$PWD/$conf" MAILGUARD_SMTP_PORT=0 MAILGUARD_SUBMISSION_PORT=0 MAILGUARD_SUBMISSIONS_PORT=0 MAILGUARD_IMAP_PORT=0 MAILGUARD_WEBADMIN_PORT=0 \
        taskset -c "$last" java -Xms1g -Xmx1g -Dmailguard.extensions.dir="$extensions" -cp "$classpath" \
        dev.mailguard.demo.MailGuardDemo > "$out/$name.log" 2>&1 < /dev/null &
    pids+=($!)
done
servers=()
for i in "${!names[@]}"; do
    until grep -aq "MailGuard ready" "$out/${names[$i]}.log"; do kill -0 "${pids[$i]}"; sleep 0.5; done
    servers+=("${names[$i]}:${pids[$i]}:$(grep -ao 'smtp=127.0.0.1:[0-9]*' "$out/${names[$i]}.log" | cut -d: -f2)")
done
profile() { # SERVER_PID start|stop
    local options="start,event=alloc,alloc=128"
    [ "$event" = cpu ] && options="start,event=cpu,interval=200us"
    [ "$2" = stop ] && options="stop,file=$PWD/$out/$1.collapsed,collapsed,total"
    jcmd "$1" JVMTI.agent_load "$PWD/$profiler" "\"$options\"" > /dev/null # quoted: jcmd would split at '='
}
client() { # PORT COUNT
    taskset -c "0-$(( last > 0 ? last - 1 : 0 ))" python3 - "$1" "$2" <<'PY'
import socket, sys
port, count = int(sys.argv[1]), int(sys.argv[2])
body = b"Subject: alloc\r\n\r\n" + (b"x" * 70 + b"\r\n") * 14 + b".\r\n"
def reply(replies):
    while True:
        line = replies.readline()
        if line[3:4] != b'-':
            return line
for _ in range(count):
    sock = socket.create_connection(('127.0.0.1', port), timeout=30)
    replies = sock.makefile('rb')
    reply(replies)
    for command in (b"EHLO bench.example\r\n", b"MAIL FROM:<a@example.com>\r\n", b"RCPT TO:<demo@localhost>\r\n", b"DATA\r\n", body):
        sock.sendall(command)
        answer = reply(replies)
    assert answer.startswith(b"250"), answer
    sock.sendall(b"QUIT\r\n")
    reply(replies)
    sock.close()
PY
}
for server in "${servers[@]}"; do IFS=: read -r _ _ port <<< "$server"; client "$port" "$warmup"; done
for server in "${servers[@]}"; do
    IFS=: read -r _ pid port <<< "$server"
    profile "$pid" start
    client "$port" "$connections"
    profile "$pid" stop
done
python3 - "$out" "$event" "$connections" "${servers[@]}" <<'PY'
import collections, re, sys
out, event, connections, servers = sys.argv[1], sys.argv[2], int(sys.argv[3]), [s.split(':') for s in sys.argv[4:]]
unit, scale, what = ('B', 1, 'Bytes allocated by the server') if event == 'alloc' else ('us', 1e-3, 'Server CPU time')
OWNERS = (('dev/mailguard/demo', 'James'), ('dev/mailguard', 'MailGuard'), ('org/apache/james', 'James'), ('io/netty', 'Netty'))
components = None
def inclusive(path):
    global components
    components = collections.Counter()
    total, frames = 0, collections.Counter()
    for line in open(path):
        stack, _, size = line.rstrip().rpartition(' ')
        size = int(size)
        total += size
        if re.search(r'dev/mailguard/(?!demo/)', stack):
            frames['under MailGuard frames'] += size
        owner = next((o for f in reversed(stack.split(';')) for p, o in OWNERS if f.startswith(p)), 'JVM, GC, JIT, kernel')
        components[owner] += size
        for frame in set(re.sub(r'\$\$Lambda.*', '$$Lambda', f) for f in stack.split(';')):
            frames[frame] += size
    return total, frames, components
figures = {name: inclusive('%s/%s.collapsed' % (out, pid)) for name, pid, _ in servers}
stock = figures['stock'][0]
print('%s per transaction (%d connections each, %s):' % (what, connections, 'sampled every 128 bytes' if event == 'alloc' else 'sampled every 200 us of CPU'))
for name, _, _ in servers:
    total = figures[name][0]
    own = figures[name][1]['under MailGuard frames']
    print('  %-15s %8.1f %s  (%+.1f %% against stock; %.1f %% under MailGuard frames)' % (name, scale * total / connections, unit, 100.0 * (total - stock) / stock, 100.0 * own / total))
print('Per transaction by whose code ran it (the deepest MailGuard, James or Netty frame; JDK work counts for its caller):')
for owner in ('MailGuard', 'James', 'Netty', 'JVM, GC, JIT, kernel'):
    print('  %-22s %s' % (owner, ' '.join('%10.1f %s' % (scale * figures[name][2][owner] / connections, unit) for name, _, _ in servers)))
print('MailGuard frames, %s in them and in what they call, per transaction:' % unit)
print('  %-70s %s' % ('frame', ' '.join('%15s' % name for name, _, _ in servers[1:])))
mailguard = sorted({f for name, _, _ in servers[1:] for f in figures[name][1] if f.startswith('dev/mailguard')},
                   key=lambda f: -figures['guard-esmtp'][1][f])
for frame in mailguard[:25]:
    print('  %-70s %s' % (frame[:70], ' '.join('%15.1f' % (scale * figures[name][1][frame] / connections) for name, _, _ in servers[1:])))
PY
