#!/usr/bin/env bash
# `make test-slurm`: a single-node Slurm on this machine, as root, with every file in a temporary folder
# (/etc is never touched): munged on its own socket and key, slurmctld and slurmd on ports 16817/16818
# (SLURM_PORTS="CTLD D" to change them). Runs deploy/example.saliency, and deploy/zoo-scan.saliency over a zoo of
# four small models (one broken), each once on this machine and as 4 shards through submit.sh with `sbatch --wait`,
# checks the merged files equal the one-machine files byte for byte, and stops the daemons whatever happened
# (KEEP_SLURM_TEST=1 keeps the folder, logs included).
# Usage: deploy/slurm/test-slurm.sh PATH/TO/saliency-kernel
set -euo pipefail
kernel=$(realpath "${1:?usage: test-slurm.sh SALIENCY_KERNEL}")
here=$(cd "$(dirname "$0")" && pwd)
read -r ctld_port d_port <<< "${SLURM_PORTS:-16817 16818}"
root=$(mktemp -d /tmp/saliency-slurm.XXXXXX)
mkdir -p "$root"/{munge,state,spool,log}

stop() {
    status=$?
    for pidfile in "$root/slurmd.pid" "$root/slurmctld.pid" "$root/munge/munged.pid"; do
        [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
    if [ $status -ne 0 ]; then
        echo "test-slurm failed; logs:" >&2
        tail -n 20 "$root"/log/*.log "$root"/*/sharded/*.out 2>/dev/null >&2 || true
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
    sinfo --noheader --format=%T 2>/dev/null | grep -x idle >/dev/null && break
    sleep 1
done
sinfo --noheader --format=%T | grep -x idle >/dev/null || { echo "the Slurm node did not come up" >&2; exit 1; }

# sweep NAME SAVED: runs NAME/whole/sweep.saliency on this machine and NAME/sharded/sweep.saliency as 4 shards
# on Slurm, and compares every file the one-machine run saved (at least SAVED of them) with the merge's.
sweep() {
    local name=$1 saved=$2
    (cd "$root/$name/whole" && "$kernel" run sweep.saliency > run.out)
    (cd "$root/$name/sharded" && SALIENCY_KERNEL="$kernel" "$here/submit.sh" sweep.saliency 4 --wait)
    ls "$root/$name/sharded/partials"
    [ "$(ls "$root/$name/sharded/partials" | wc -l)" -eq 4 ] || { echo "$name: expected 4 shards' partial results" >&2; exit 1; }
    local compared=0 file
    for file in "$root/$name"/whole/*; do
        [ -f "$file" ] || continue
        case "$(basename "$file")" in run.out|sweep.saliency) continue ;; esac
        cmp "$file" "$root/$name/sharded/$(basename "$file")"
        compared=$((compared + 1))
    done
    [ "$compared" -ge "$saved" ] || { echo "$name: expected $saved saved files, compared $compared" >&2; exit 1; }
    echo "test-slurm: $name: 4 shards on Slurm merged to the one-machine run's $compared files, byte for byte"
}

mkdir -p "$root"/example/{whole,sharded}
cp "$here/../example.saliency" "$root/example/whole/sweep.saliency"
cp "$here/../example.saliency" "$root/example/sharded/sweep.saliency"
sweep example 7

# A model zoo, one model a shard: three small CNNs of the trojan benchmark's tuning half (one in the TrojAI
# layout, ID/model.onnx) and a truncated file, which the scan reports as an error in its place.
benchmark="$here/../../benchmarks/trojans"
for folder in "$root"/zoo/{whole,sharded}; do
    mkdir -p "$folder/zoo/id-00000000" "$folder/clean"
    cp "$benchmark/models/digits-06.onnx" "$benchmark/models/digits-10.onnx" "$folder/zoo/"
    cp "$benchmark/models/digits-13.onnx" "$folder/zoo/id-00000000/model.onnx"
    head -c 5000 "$benchmark/models/digits-06.onnx" > "$folder/zoo/broken.onnx"
    find "$benchmark/images/digits" -name '*.png' | sort | awk 'NR <= 40' | xargs cp -t "$folder/clean"
    sed 's|round1/|zoo/|g; s|--images images$|--images images --iterations 4 --batch 8|' "$here/../zoo-scan.saliency" > "$folder/sweep.saliency"
done
grep -q -- '--models zoo/ --images images --iterations 4' "$root/zoo/whole/sweep.saliency" || { echo "zoo-scan.saliency changed" >&2; exit 1; }
sweep zoo 7
