#!/usr/bin/env python3
"""Writes 20 change files for a generated scenario (what-ifs a planner asks
every week: hail on some farms, a bigger or smaller order, a road closed for
a week, a dearer lane, a tighter truck), for the warm-start benchmark.

usage: python3 benches/make_sweep_changes.py SCENARIO_DIR OUT_DIR [--count 20] [--seed 7]
The choice is seeded, so the same scenario gives the same files."""
import argparse, csv, os, random

ap = argparse.ArgumentParser()
ap.add_argument("scenario")
ap.add_argument("out")
ap.add_argument("--count", type=int, default=20)
ap.add_argument("--seed", type=int, default=7)
a = ap.parse_args()
rng = random.Random(a.seed)

def rows(name):
    with open(os.path.join(a.scenario, name), newline="") as f:
        return list(csv.DictReader(f))

supply = rows("supply.csv")
stores = sorted({r["store"] for r in rows("demand.csv")})
products = sorted({r["product"] for r in rows("products.csv")})
lanes = rows("lanes.csv")
capacitated = [l for l in lanes if l["capacity_kg_per_week"].strip()]
weeks = sorted({int(r["week"]) for r in supply})

os.makedirs(a.out, exist_ok=True)
kinds = ["hail", "order", "road", "cost", "truck"]
for i in range(a.count):
    kind = kinds[i % len(kinds)]
    w0 = rng.choice(weeks[:-3])
    w1 = w0 + rng.randint(0, 3)
    lines = []
    if kind == "hail":
        # Rows that exist: a farm harvests some products in some weeks.
        for r in rng.sample(supply, 3):
            w = int(r["week"])
            lines.append(f"supply,farm={r['farm']};week={w}..{w + 1},quantity_kg,scale,{rng.choice([0.3, 0.5, 0.7])}")
    elif kind == "order":
        for s in rng.sample(stores, 2):
            lines.append(f"demand,store={s};product={rng.choice(products)};week={w0}..{w1},quantity_kg,scale,{rng.choice([0.5, 1.5, 2])}")
    elif kind == "road":
        l = rng.choice(capacitated)
        lines.append(f"lanes,from={l['from']};to={l['to']};week={w0},capacity_kg_per_week,set,0")
    elif kind == "cost":
        l = rng.choice(lanes)
        lines.append(f"lanes,from={l['from']};to={l['to']},cost_per_kg,scale,1.5")
    else:
        for l in rng.sample(capacitated, 3):
            lines.append(f"lanes,from={l['from']};to={l['to']};week={w0}..{w1},capacity_kg_per_week,scale,0.5")
    with open(os.path.join(a.out, f"{i + 1:02d}-{kind}.csv"), "w") as f:
        f.write("target,selector,field,op,value\n" + "\n".join(lines) + "\n")
