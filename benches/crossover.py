#!/usr/bin/env python3
"""Measures where Clarabel overtakes microlp, for `--solver auto`.

Variants of scenarios/guiyang-luodian: the first K weeks (smaller models) and
the whole year with every farm, hub and store copied N times (larger models).
Each variant is planned with both solvers, REPEATS times; the script prints
the median solve seconds (from summary.csv) per solver and their ratio.

    cargo build --release && python3 benches/crossover.py
"""
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.path.join(ROOT, "scenarios", "guiyang-luodian")
BINARY = os.path.join(ROOT, "target", "release", "agrimatch")
REPEATS = 3

ID_COLUMNS = {"farms.csv": ["farm"], "hubs.csv": ["hub"], "stores.csv": ["store"],
              "supply.csv": ["farm"], "demand.csv": ["store"], "lanes.csv": ["from", "to"],
              "stock.csv": ["location"]}


def read(name):
    with open(os.path.join(BASE, name), newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def write(folder, name, rows, fields):
    with open(os.path.join(folder, name), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def variant(folder, weeks, copies):
    """The base scenario cut to `weeks` and with the network copied `copies` times."""
    os.makedirs(folder)
    shutil.copy(os.path.join(BASE, "products.csv"), folder)
    for name, columns in ID_COLUMNS.items():
        rows = read(name)
        fields = list(rows[0].keys())
        out = []
        for c in range(copies):
            for row in rows:
                if "week" in row and int(row["week"]) > weeks:
                    continue
                row = dict(row)
                for col in columns:
                    row[col] = f"{row[col]}#{c}" if c else row[col]
                out.append(row)
        write(folder, name, out, fields)


def solve_seconds(folder, solver):
    out = os.path.join(folder, "out-" + solver)
    subprocess.run([BINARY, "plan", folder, "--solver", solver, "--out", out, "--quiet"], check=True)
    with open(os.path.join(out, "summary.csv")) as f:
        summary = {r["metric"]: r["value"] for r in csv.DictReader(f)}
    return int(summary["variables"]), float(summary["solve_seconds"]), float(summary["objective"])


def main():
    cases = [(w, 1) for w in (2, 4, 8, 13, 20, 26, 39, 52)] + [(52, 2), (52, 4)]
    print("weeks,copies,variables,microlp_s,clarabel_s,clarabel/microlp,objective_rel_diff")
    with tempfile.TemporaryDirectory() as tmp:
        for weeks, copies in cases:
            folder = os.path.join(tmp, f"w{weeks}-c{copies}")
            variant(folder, weeks, copies)
            times = {}
            for solver in ("microlp", "clarabel"):
                runs = [solve_seconds(folder, solver) for _ in range(REPEATS)]
                times[solver] = (runs[0][0], statistics.median(r[1] for r in runs), runs[0][2])
            n, tm, om = times["microlp"]
            _, tc, oc = times["clarabel"]
            print(f"{weeks},{copies},{n},{tm:.3f},{tc:.3f},{tc / tm if tm else float('nan'):.2f},"
                  f"{abs(om - oc) / max(abs(om), 1):.1e}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
