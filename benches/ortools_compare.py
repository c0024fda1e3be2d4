#!/usr/bin/env python3
"""Compares agrimatch's network simplex with OR-Tools' min-cost-flow solver
on exactly the same network: the model that `agrimatch plan --write-lp`
writes for a scenario whose blocks are pure networks.

    pip install ortools
    cargo build --release
    ./target/release/agrimatch generate /tmp/net1 --farms 300 --stores 60 --products 1 \\
        --weeks 26 --lanes-per-farm 5 --capacitated-lanes 0 --seed 1
    python3 benches/ortools_compare.py /tmp/net1

The LP's rows become nodes (balance rows supply their harvest, demand rows
drain to a sink with the order as capacity), its columns arcs, as in
src/model/network.rs. OR-Tools needs integers: costs are scaled by 1e6 and
kg rounded (generated scenarios have whole kg). Times are the median of
REPEATS solves; only the solve is timed on both sides.
"""
import csv
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

from ortools.graph.python import min_cost_flow

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "agrimatch")
REPEATS = 3
COST_SCALE = 1_000_000


def parse_lp(path):
    """(constant, {column: cost}, [(row name, {column: coefficient}, rhs)])."""
    text = open(path, encoding="utf-8").read()
    constant = float(re.match(r"\\ objective_constant = (\S+)", text).group(1))
    objective_part = text.split("Minimize", 1)[1].split("Subject To", 1)[0]
    rows_part = text.split("Subject To", 1)[1].split("Bounds", 1)[0]
    term = re.compile(r"([+-])\s+(\S+)\s+([A-Za-z_][\w]*)")
    cost = {name: float(value) * (1 if sign == "+" else -1) for sign, value, name in term.findall(objective_part)}
    rows = []
    for chunk in re.split(r"\n (?=[A-Za-z_]\w*:)", rows_part.strip()):
        name, body = chunk.split(":", 1)
        body, rhs = body.rsplit("<=", 1)
        coefficients = {n: float(v) * (1 if s == "+" else -1) for s, v, n in term.findall(body)}
        rows.append((name.strip(), coefficients, float(rhs)))
    return constant, cost, rows


def build_network(cost, rows):
    sink = len(rows)
    supply = [0] * (sink + 1)
    out_of, into = {}, {}
    for r, (name, coefficients, rhs) in enumerate(rows):
        demand = name.startswith("demand_")
        if not demand:
            supply[r] = round(rhs)
        for column, c in coefficients.items():
            if c > 0 and not demand:
                out_of[column] = r
            else:
                into[column] = r
    total = sum(supply)
    supply[sink] = -total
    tails, heads, capacities, costs, columns = [], [], [], [], []
    for column, r in out_of.items():
        tails.append(r)
        heads.append(into.get(column, sink))
        capacities.append(total)
        costs.append(round(cost.get(column, 0.0) * COST_SCALE))
        columns.append(column)
    for r, (name, _, rhs) in enumerate(rows):
        tails.append(r)
        heads.append(sink)
        capacities.append(round(rhs) if name.startswith("demand_") else total)
        costs.append(0)
    return supply, tails, heads, capacities, costs


def ortools_seconds(network):
    supply, tails, heads, capacities, costs = network
    times, objective = [], None
    for _ in range(REPEATS):
        smcf = min_cost_flow.SimpleMinCostFlow()
        smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
        smcf.set_nodes_supplies(list(range(len(supply))), supply)
        started = time.perf_counter()
        status = smcf.solve()
        times.append(time.perf_counter() - started)
        if status != smcf.OPTIMAL:
            sys.exit(f"OR-Tools: status {status}")
        objective = smcf.optimal_cost() / COST_SCALE
    return statistics.median(times), objective


def agrimatch_seconds(scenario, tmp):
    times, objective = [], None
    for i in range(REPEATS):
        out = os.path.join(tmp, f"plan{i}")
        subprocess.run([BINARY, "plan", scenario, "--solver", "network", "--quiet", "--out", out], check=True)
        with open(os.path.join(out, "summary.csv")) as f:
            summary = {r["metric"]: r["value"] for r in csv.DictReader(f)}
        times.append(float(summary["solve_seconds"]))
        objective = float(summary["objective"])
        variables = int(summary["variables"])
    return statistics.median(times), objective, variables


def main():
    scenario = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        lp = os.path.join(tmp, "model.lp")
        subprocess.run([BINARY, "plan", scenario, "--write-lp", lp, "--quiet", "--no-split",
                        "--solver", "network", "--out", os.path.join(tmp, "lp-plan")], check=True)
        constant, cost, rows = parse_lp(lp)
        network = build_network(cost, rows)
        ours, our_objective, variables = agrimatch_seconds(scenario, tmp)
        theirs, their_objective = ortools_seconds(network)
    print(f"arcs={len(network[1])} nodes={len(network[0])} variables={variables}")
    print(f"agrimatch network simplex: {ours:.4f} s (median of {REPEATS}), objective {our_objective:.4f}")
    print(f"OR-Tools SimpleMinCostFlow: {theirs:.4f} s (median of {REPEATS}), objective {their_objective + constant:.4f}")
    print(f"ratio agrimatch / OR-Tools: {ours / theirs:.2f}")


if __name__ == "__main__":
    main()
