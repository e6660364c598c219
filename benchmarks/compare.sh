#!/usr/bin/env bash
# End-to-end comparison of stock James 3.8.1 and James with MailGuard (docs/benchmarks.md): builds
# everything (tests skipped), starts one James JVM with three SMTP listeners on loopback (stock chain,
# MailGuard esmtp, MailGuard smtp), sends them messages in interleaved turns and prints every raw
# figure, then last `guard/stock throughput ratio: R (median of N pairs)`. Options go to
# EndToEndComparison, e.g. `benchmarks/compare.sh --pairs 10 --seconds 2 --scenarios all`, `--aa`
# (A/A check), `--separate-jvms`, `--baseline DIR`, `--penalty-box memory|redis` (the penalty box on in
# both guard listeners; `redis` starts a redis-server of its own on a free loopback port, from the
# Debian package redis-server). About 12 minutes with the defaults on 2 CPUs.
# With taskset (util-linux) and 2 or more CPUs, the servers run on the last CPU and the load
# generator on the others.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
last=$(( $(nproc) - 1 ))
pin_client=() server_cpus=""
if command -v taskset >/dev/null && [ "$last" -ge 1 ]; then
    pin_client=(taskset -c "0-$(( last - 1 ))")
    server_cpus="$last"
fi
exec "${pin_client[@]}" java -Dmailguard.root=. -Dmailguard.serverCpus="$server_cpus" \
    -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath)" \
    dev.mailguard.bench.EndToEndComparison "$@"
