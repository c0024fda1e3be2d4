#!/usr/bin/env bash
# Runs every shipped command on the shipped scenarios and change files and
# keeps what they write and print in DIR, with the measured timings masked.
# For refactors that must not change behaviour:
#   bash scripts/snapshot-outputs.sh /tmp/before   (on the old commit)
#   bash scripts/snapshot-outputs.sh /tmp/after    (on the new one)
#   diff -r /tmp/before /tmp/after
set -euo pipefail
cd "$(dirname "$0")/.."
snap=${1:?usage: snapshot-outputs.sh DIR}
rm -rf "$snap"
mkdir -p "$snap"
bin=target/release/agrimatch
cargo build --release --quiet
lu=scenarios/guiyang-luodian
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() { # name, command...
    local name=$1
    shift
    set +e
    "$bin" "$@" >"$snap/$name.stdout" 2>"$snap/$name.stderr"
    echo "exit $?" >>"$snap/$name.stdout"
    set -e
}
run plan-lu plan $lu --out "$work/plan-lu" --baseline --marginal-values
run plan-tiny plan scenarios/tiny --out "$work/plan-tiny"
run plan-json plan scenarios/tiny --out "$work/plan-json" --json
run greedy-lu plan $lu --out "$work/greedy-lu" --method greedy
for c in $lu/changes/*.csv; do
    run "change-$(basename "$c" .csv)" plan $lu --changes "$c" --out "$work/change-$(basename "$c" .csv)"
done
run sweep sweep $lu $lu/changes --out "$work/sweep"
run sweep-samples sweep $lu --samples 4 --seed 3 --out "$work/sweep-samples"
run shard0 sweep $lu $lu/changes --samples 2 --shard 0/2 --out "$work/shard0"
run shard1 sweep $lu $lu/changes --samples 2 --shard 1/2 --out "$work/shard1"
run merge merge "$work/merged" "$work/shard0" "$work/shard1"
run roll roll $lu --horizon 8 --actuals $lu/actuals --out "$work/roll"
run fairness fairness scenarios/tiny --out "$work/fairness"
run check-lu check $lu
run check-tiny check scenarios/tiny
run report report "$work/plan-lu" --scenario $lu
run generate generate "$work/generated" --farms 12 --stores 4 --hubs 2
run init init "$work/init"
run bad-out plan scenarios/tiny --out $lu
# Everything written, timings masked.
(cd "$work" && find . -type f | sort) >"$snap/files.txt"
while read -r f; do
    mkdir -p "$snap/files/$(dirname "$f")"
    sed -E 's/^(build_seconds|solve_seconds|verify_seconds),.*/\1,MASKED/' "$work/$f" >"$snap/files/$f"
done <"$snap/files.txt"
# Timings in what was printed, too.
sed -i -E 's/(built|solved) in [0-9.]+ s/\1 in MASKED s/g; s/"(build|solve|verify)_seconds": ?[0-9.e+-]+/"\1_seconds":MASKED/g' "$snap"/*.stdout
# Paths of the temporary folder differ between runs.
grep -rl "$work" "$snap" | xargs -r sed -i "s|$work|WORK|g"
echo "snapshot in $snap"
