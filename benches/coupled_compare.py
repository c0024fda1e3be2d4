#!/usr/bin/env python3
"""Side-by-side timings for networks with coupling rows (issue 12).

For each scenario folder: `agrimatch plan --quiet` end to end with each
solver named, and HiGHS (highspy from PyPI, 1 thread, simplex) solve-only on
the `--write-lp` file of the same scenario. Rounds are interleaved so that a
noisy machine hurts every method alike; prints min and median per method
and checks that every objective agrees (1e-9 relative).

    python3 benches/coupled_compare.py DIR... --rounds 5 --solvers microlp coupled auto

`--before BINARY` adds `auto` with another build (the commit before a change),
interleaved in the same rounds.
"""

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


def objective_of(out: Path) -> float:
    for line in (out / "summary.csv").read_text().splitlines():
        if line.startswith("objective,"):
            return float(line.split(",")[1])
    raise ValueError(f"{out}: no objective in summary.csv")


def plan(binary: str, scenario: Path, solver: str, out: Path) -> tuple[float, float]:
    started = time.perf_counter()
    subprocess.run(
        [binary, "plan", str(scenario), "--quiet", "--out", str(out), "--solver", solver],
        check=True,
    )
    return time.perf_counter() - started, objective_of(out)


def highs_solve(lp_file: Path) -> tuple[float, float]:
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("solver", "simplex")
    h.readModel(str(lp_file))
    started = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - started
    constant = float(lp_file.read_text().splitlines()[0].split()[-1])
    return seconds, h.getInfo().objective_function_value + constant


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenarios", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--solvers", nargs="+", default=["microlp", "coupled", "auto"])
    parser.add_argument("--binary", default="target/release/agrimatch")
    parser.add_argument("--no-highs", action="store_true")
    parser.add_argument("--before", help="another build's binary, run with --solver auto")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="agrimatch-coupled-"))
    for scenario in args.scenarios:
        lp_file = work / f"{scenario.name}.lp"
        subprocess.run(
            [args.binary, "plan", str(scenario), "--quiet", "--out", str(work / "lp-out"),
             "--solver", args.solvers[0], "--write-lp", str(lp_file)],
            check=True,
        )
        methods = list(args.solvers) + ([] if args.no_highs else ["highs (solve only)"])
        if args.before:
            methods.append("auto (before)")
        times = {m: [] for m in methods}
        objectives = {}
        for _ in range(args.rounds):
            for m in methods:
                if m.startswith("highs"):
                    seconds, objective = highs_solve(lp_file)
                elif m == "auto (before)":
                    seconds, objective = plan(args.before, scenario, "auto", work / "out-before")
                else:
                    seconds, objective = plan(args.binary, scenario, m, work / f"out-{m}")
                times[m].append(seconds)
                objectives[m] = objective
        reference = objectives[methods[0]]
        print(f"## {scenario}")
        print("| method | min s | median s | objective | rel. diff |")
        print("|---|---:|---:|---:|---:|")
        for m in methods:
            diff = abs(objectives[m] - reference) / max(1.0, abs(reference))
            print(f"| {m} | {min(times[m]):.3f} | {statistics.median(times[m]):.3f} "
                  f"| {objectives[m]:.4f} | {diff:.1e} |")
        print()


if __name__ == "__main__":
    main()
