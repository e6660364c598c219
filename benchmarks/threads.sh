#!/usr/bin/env bash
# Where the server CPU goes, per thread group, for one scenario of the end-to-end comparison
# (docs/benchmarks.md, "Where the CPU goes"). Runs benchmarks/compare.sh's comparison (--separate-jvms: a JVM
# per server) on one scenario and,
# between the end of pair 1 and the end of the last pair, reads every server thread's CPU time and
# context switches (/proc/PID/task/*) and the process's read/write syscalls (/proc/PID/io), then
# prints them per message handled in pairs 2..N. One more pair runs after that, so that the servers
# are still up when the last reading is taken. Linux only; build first (benchmarks/compare.sh does).
# Usage: benchmarks/threads.sh SCENARIO [PAIRS] [WARMUP_SECONDS]   e.g. benchmarks/threads.sh 2 4 40
# Extra server JVM options can be passed through JAVA_TOOL_OPTIONS (the servers inherit it).
set -euo pipefail
scenario=${1:?scenario number, 1-8, as numbered in docs/benchmarks.md}
pairs=${2:-4}
warmup=${3:-40}
cd "$(dirname "$0")/.."
out=benchmarks/target/threads
rm -rf "$out" && mkdir -p "$out"
last=$(( $(nproc) - 1 ))
taskset -c "0-$(( last > 0 ? last - 1 : 0 ))" java -Dmailguard.root=. -Dmailguard.serverCpus="$last" \
    -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath)" dev.mailguard.bench.EndToEndComparison \
    --separate-jvms --pairs "$(( pairs + 1 ))" --scenarios "$scenario" --warmup "$warmup" > "$out/report.md" 2> "$out/progress.txt" &
comparison=$!

servers() { # PID and server name of each running server
    for pid in $(pgrep -f dev.mailguard.demo.MailGuardDemo); do
        echo "$pid $(tr '\0' '\n' < /proc/"$pid"/environ | sed -n 's#^MAILGUARD_CONF_DIR=.*/e2e/\(.*\)/conf$#\1#p')"
    done
}
snapshot() { # server tid user_ticks system_ticks context_switches syscr syscw, then server syscr syscw
    # One quick pass: a server's run is already under way when this is called, and a slow snapshot
    # (one awk per file took over a second) would leave part of that run out of the window.
    python3 - "$out/servers" > "$out/$1" <<'PY'
import os, sys
def io(path):
    fields = dict(line.split(': ') for line in open(path).read().splitlines())
    return fields['syscr'], fields['syscw']
for line in open(sys.argv[1]):
    pid, name = line.split()
    for tid in os.listdir('/proc/%s/task' % pid):
        base = '/proc/%s/task/%s/' % (pid, tid)
        try:
            stat = open(base + 'stat').read().rsplit(')', 1)[1].split()
            switches = sum(int(l.split()[1]) for l in open(base + 'status') if 'ctxt_switches' in l)
            reads, writes = io(base + 'io')
        except FileNotFoundError:
            continue  # the thread ended meanwhile
        print('T', name, tid, stat[11], stat[12], switches, reads, writes)
    print('IO', name, *io('/proc/%s/io' % pid))
PY
}
until grep -q "warmed up" "$out/progress.txt" 2>/dev/null; do sleep 0.5; done
servers > "$out/servers"
while read -r pid name; do # thread id -> thread name, the pool number dropped
    jcmd "$pid" Thread.print | sed -nE 's/^"([^"]*)".* nid=0x([0-9a-f]+).*/\2 \1/p' \
        | while read -r nid thread; do echo "$name $((16#$nid)) ${thread// /_}"; done
done < "$out/servers" | sed -E 's/-[0-9]+$/-N/' > "$out/names"
until grep -q "pair 1/" "$out/progress.txt"; do sleep 0.01; done
snapshot before
until grep -q "pair $pairs/" "$out/progress.txt"; do sleep 0.01; done
snapshot after
wait "$comparison"
python3 - "$out" "$pairs" <<'PY'
import collections, sys
out, pairs = sys.argv[1], int(sys.argv[2])
messages = collections.Counter()
for line in open(out + '/report.md'):
    cells = [c.strip() for c in line.split('|')]
    if len(cells) > 5 and cells[1].isdigit() and 2 <= int(cells[1]) <= pairs:
        messages['stock'] += 2 * float(cells[2]); messages['guard-esmtp'] += 2 * float(cells[3]); messages['guard-smtp'] += 2 * float(cells[4])
names = {}
for line in open(out + '/names'):
    server, tid, thread = line.split()
    names[(server, tid)] = thread
def read(file):
    threads, io = {}, {}
    for line in open(out + '/' + file):
        f = line.split()
        if f[0] == 'T':
            threads[(f[1], f[2])] = tuple(int(x) for x in f[3:8])
        else:
            io[f[1]] = (int(f[2]), int(f[3]))
    return threads, io
(t0, io0), (t1, io1) = read('before'), read('after')
groups = collections.defaultdict(lambda: [0] * 5)
for key, now in t1.items():
    if key in t0:
        group = groups[(key[0], names.get(key, 'unnamed'))]
        for i in range(5):
            group[i] += now[i] - t0[key][i]
print('server        thread group                    CPU us/msg  (user    system)  switches/msg  reads/msg  writes/msg')
for (server, thread), (user, system, switches, reads, writes) in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
    n = messages[server]
    if user + system > 0:
        print('%-13s %-30s %11.1f %8.1f %9.1f %13.2f %10.2f %11.2f' % (server, thread, (user + system) * 10000 / n,
              user * 10000 / n, system * 10000 / n, switches / n, reads / n, writes / n))
for server in ('stock', 'guard-esmtp', 'guard-smtp'):
    n = messages[server]
    print('%-13s read syscalls/msg %.2f, write syscalls/msg %.2f' % (server, (io1[server][0] - io0[server][0]) / n, (io1[server][1] - io0[server][1]) / n))
PY
grep -E '^\| \*\*median' "$out/report.md"
