#!/usr/bin/env bash
# Submits a sharded sweep to Slurm from the folder it should write into (shared by the nodes):
#   deploy/slurm/submit.sh SCRIPT SHARDS [--wait]
# an array job of SHARDS tasks, each `saliency-kernel run SCRIPT --shard auto`, and the merge as a job
# that starts only after every task succeeded (--dependency=afterok); if one fails, the merge is cancelled
# instead of waiting forever (--kill-on-invalid-dep). With --wait it returns when the merge ends, with its
# exit status. saliency-kernel must be on the nodes' PATH, or named by SALIENCY_KERNEL (exported to the jobs).
set -euo pipefail
script=${1:?usage: submit.sh SCRIPT SHARDS [--wait]}
shards=${2:?usage: submit.sh SCRIPT SHARDS [--wait]}
wait=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
partials=partials
rm -rf "$partials"  # partial results of an earlier run of the folder would mix with these
array=$(sbatch --parsable --chdir="$PWD" --array="0-$((shards - 1))" "$here/shard.sbatch" "$script" "$partials")
echo "shards: job $array (${shards} tasks)"
merge_options=(--parsable --chdir="$PWD" --dependency="afterok:${array%%;*}" --kill-on-invalid-dep=yes)
if [ "$wait" = --wait ]; then
    merge=$(sbatch "${merge_options[@]}" --wait "$here/merge.sbatch" "$partials")
    # A merge cancelled because a shard failed never ran, and `sbatch --wait` then exits 0: ask how it ended.
    state=$(scontrol --oneliner show job "$merge" | grep -o 'JobState=[A-Z_]*' | cut -d= -f2)
    if [ "$state" != COMPLETED ]; then
        echo "the merge (job $merge) ended $state; the shards:" >&2
        scontrol --oneliner show job "${array%%;*}" | grep -o 'ArrayTaskId=[0-9]*\|JobState=[A-Z_]*' | paste -d' ' - - >&2
        exit 1
    fi
    echo "merged: job $merge"
else
    echo "merge: job $(sbatch "${merge_options[@]}" "$here/merge.sbatch" "$partials")"
fi
