#!/usr/bin/env bash
# `make test-slurm`: a single-node Slurm on this machine, as root, with every file in a temporary folder
# (/etc is never touched): munged on its own socket and key, slurmctld and slurmd on ports 16817/16818
# (SLURM_PORTS="CTLD D" to change them). Runs deploy/example.saliency once on this machine and as 4 shards through
# submit.sh with `sbatch --wait`, checks the merged files equal the one-machine files byte for byte, and
# stops the daemons whatever happened (KEEP_SLURM_TEST=1 keeps the folder, logs included).
# Usage: deploy/slurm/test-slurm.sh PATH/TO/saliency-kernel
set -euo pipefail
kernel=$(realpath "${1:?usage: test-slurm.sh SALIENCY_KERNEL}")
here=$(cd "$(dirname "$0")" && pwd)
read -r ctld_port d_port <<< "${SLURM_PORTS:-16817 16818}"
root=$(mktemp -d /tmp/saliency-slurm.XXXXXX)
mkdir -p "$root"/{munge,state,spool,log,whole,sharded}

stop() {
    status=$?
    for pidfile in "$root/slurmd.pid" "$root/slurmctld.pid" "$root/munge/munged.pid"; do
        [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
    if [ $status -ne 0 ]; then
        echo "test-slurm failed; logs:" >&2
        tail -n 20 "$root"/log/*.log "$root"/sharded/*.out 2>/dev/null >&2 || true
    fi
    sleep 1
    [ -n "${KEEP_SLURM_TEST:-}" ] || rm -rf "$root"
}
trap stop EXIT

dd if=/dev/urandom of="$root/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$root/munge/munge.key"
munged --force --socket="$root/munge/munge.socket" --key-file="$root/munge/munge.key" --pid-file="$root/munge/munged.pid" \
    --log-file="$root/munge/munged.log" --seed-file="$root/munge/munged.seed"

# The node as slurmd finds it: its short host name, its processors, and a little less memory than it has
# (a node reporting less than its configured RealMemory is drained).
memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 9 / 10 ))
export SLURM_CONF="$root/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=saliency-test
SlurmctldHost=$(hostname -s)
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
AuthType=auth/munge
AuthInfo=socket=$root/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
StateSaveLocation=$root/state
SlurmdSpoolDir=$root/spool
SlurmctldPidFile=$root/slurmctld.pid
SlurmdPidFile=$root/slurmd.pid
SlurmctldLogFile=$root/log/slurmctld.log
SlurmdLogFile=$root/log/slurmd.log
SlurmUser=root
SlurmdUser=root
ReturnToService=2
MpiDefault=none
NodeName=$(hostname -s) CPUs=$(nproc) RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do
    sinfo --noheader --format=%T 2>/dev/null | grep -qx idle && break
    sleep 1
done
sinfo --noheader --format=%T | grep -qx idle || { echo "the Slurm node did not come up" >&2; exit 1; }

cp "$here/../example.saliency" "$root/whole/sweep.saliency"
cp "$here/../example.saliency" "$root/sharded/sweep.saliency"
(cd "$root/whole" && "$kernel" run sweep.saliency > run.out)
(cd "$root/sharded" && SALIENCY_KERNEL="$kernel" "$here/submit.sh" sweep.saliency 4 --wait)

ls "$root/sharded/partials"
[ "$(ls "$root/sharded/partials" | wc -l)" -eq 4 ] || { echo "expected 4 shards' partial results" >&2; exit 1; }
compared=0
for file in "$root"/whole/*; do
    name=$(basename "$file")
    case "$name" in run.out|sweep.saliency) continue ;; esac
    cmp "$file" "$root/sharded/$name"
    compared=$((compared + 1))
done
[ "$compared" -ge 7 ] || { echo "expected 7 saved files, compared $compared" >&2; exit 1; }
echo "test-slurm: 4 shards on Slurm merged to the one-machine run's $compared files, byte for byte"
