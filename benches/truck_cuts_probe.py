"""How far simple mixed-integer rounding cuts raise the truck LP's bound.

Usage: python3 benches/truck_cuts_probe.py FILE.lp [--rounds N] [--steps S]
           [--no-demand] [--no-vub]

FILE.lp is agrimatch's `--write-lp` file of a scenario with truck lanes
(truck columns `trucks_*` are General). The probe relaxes the trucks, solves
the LP with HiGHS (one thread), then for `--rounds` rounds separates one
c-MIR cut per truck row and re-solves with the violated cuts added. A truck
row `sum ship - C trucks <= 0` is aggregated with:
  - the balance rows where its positive continuous terms enter negatively
    (arrivals at the lane's end, stock carried to the next week), up to
    `--steps` passes;
  - the demand rows, as equalities with their shortfall slack, so that
    sales become `orders - shortfall`;
  - grouped variable upper bounds: the arrivals of another truck lane-week
    (all with one coefficient) become that lane-week's `C' trucks'` when the
    LP fills at least half of it.
Continuous terms with a positive coefficient are complemented at a finite
bound (a sale's orders) or dropped (a valid weakening); the MIR divisor is
tried at C, C/2, C/4 and 2C. Prints the bound after each round (the LP's
constant added back, as agrimatch reports costs). A measuring tool, not part
of the program: BENCHMARKS.md ("Updates a vector meets") has its figures.
"""
import argparse
import math
import time
from collections import defaultdict

import highspy
import numpy as np

# A sibling script (run as `python3 benches/...`): the same way to open the file.
from trucks_mip import open_lp


class Model:
    def __init__(self, h):
        lp = h.getLp()
        self.n, self.m = lp.num_col_, lp.num_row_
        self.names = [h.getColName(j)[1] for j in range(self.n)]
        self.row_names = [h.getRowName(i)[1] for i in range(self.m)]
        self.is_int = [name.startswith("trucks_") for name in self.names]
        self.cols = [dict() for _ in range(self.n)]
        self.rows = [dict() for _ in range(self.m)]
        a = lp.a_matrix_
        for j in range(self.n):
            for k in range(a.start_[j], a.start_[j + 1]):
                self.rows[a.index_[k]][j] = a.value_[k]
                self.cols[j][a.index_[k]] = a.value_[k]
        self.rhs = list(lp.row_upper_)
        self.upper = list(lp.col_upper_)
        # A sale is at most its orders (the demand row it is in).
        self.implied_upper = {}
        for i in range(self.m):
            if self.row_names[i].startswith("demand_"):
                for j in self.rows[i]:
                    self.implied_upper[j] = min(self.implied_upper.get(j, math.inf), self.rhs[i])
        self.truck_rows = [i for i in range(self.m) if self.row_names[i].startswith("truck_load_")]
        self.truck_row_of = {}
        for i in self.truck_rows:
            for j in self.rows[i]:
                if not self.is_int[j]:
                    self.truck_row_of[j] = i

    def truck_column(self, row):
        return next(j for j in self.rows[row] if self.is_int[j])


def aggregate(model, start, x, steps, demand, vub):
    agg, rhs = dict(model.rows[start]), model.rhs[start]
    used = {start}
    for _ in range(steps):
        changed = False
        for j in list(agg):
            a = agg.get(j, 0.0)
            if model.is_int[j] or a <= 1e-12:
                continue
            for r, v in model.cols[j].items():
                if v < 0 and r not in used and model.row_names[r].startswith("balance_"):
                    lam = a / -v
                    for k, w in model.rows[r].items():
                        agg[k] = agg.get(k, 0.0) + lam * w
                    rhs += lam * model.rhs[r]
                    used.add(r)
                    changed = True
                    break
        if not changed:
            break
    slacks = {}
    if demand:
        for j in list(agg):
            if agg.get(j, 0.0) <= 1e-12 or not model.names[j].startswith("sale_"):
                continue
            for r in model.cols[j]:
                if model.row_names[r].startswith("demand_") and r not in slacks:
                    lam = min(agg.get(k, 0.0) for k in model.rows[r])
                    if lam <= 1e-12:
                        continue
                    for k, w in model.rows[r].items():
                        agg[k] = agg.get(k, 0.0) - lam * w
                    rhs -= lam * model.rhs[r]
                    slacks[r] = -lam
    agg = {j: a for j, a in agg.items() if abs(a) > 1e-9}
    if vub:
        groups = defaultdict(list)
        for j, a in agg.items():
            if not model.is_int[j] and a < 0 and model.truck_row_of.get(j, start) != start:
                groups[(model.truck_row_of[j], round(a, 9))].append(j)
        for (r, a), js in groups.items():
            y = model.truck_column(r)
            capacity = -model.rows[r][y]
            if x[y] > 1e-9 and sum(x[k] for k in js) >= 0.5 * capacity * x[y]:
                for k in js:
                    del agg[k]
                agg[y] = agg.get(y, 0.0) + a * capacity
    return agg, rhs, slacks


def mir(model, agg, rhs, slacks, x, delta):
    """The MIR cut of `agg <= rhs` (every column >= 0, slacks >= 0) with divisor delta."""
    b, ints, negative, complemented = rhs, {}, dict(), {}
    for j, a in agg.items():
        if model.is_int[j]:
            ints[j] = a
        elif a < 0:
            negative[j] = a
        else:
            upper = min(model.upper[j], model.implied_upper.get(j, math.inf))
            if upper < math.inf:
                b -= a * upper
                complemented[j] = (upper, -a)
    beta = b / delta
    f0 = beta - math.floor(beta)
    if f0 < 1e-3 or f0 > 1 - 1e-3:
        return None
    cut, cut_rhs = {}, math.floor(beta)
    for j, g in ints.items():
        gd = g / delta
        cut[j] = math.floor(gd) + max(gd - math.floor(gd) - f0, 0.0) / (1 - f0)
    s = 1 / (delta * (1 - f0))
    for j, a in negative.items():
        cut[j] = cut.get(j, 0.0) + a * s
    for j, (upper, a) in complemented.items():
        cut[j] = cut.get(j, 0.0) - a * s
        cut_rhs -= a * s * upper
    # A demand row's slack is its orders less its sales.
    for r, a in slacks.items():
        for k, w in model.rows[r].items():
            cut[k] = cut.get(k, 0.0) - a * s * w
        cut_rhs -= a * s * model.rhs[r]
    violation = sum(c * x[j] for j, c in cut.items()) - cut_rhs
    return cut, cut_rhs, violation


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("lp")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--steps", type=int, default=6)
    ap.add_argument("--no-demand", action="store_true")
    ap.add_argument("--no-vub", action="store_true")
    args = ap.parse_args()
    h, constant = open_lp(args.lp)
    model = Model(h)
    trucks = np.array([j for j in range(model.n) if model.is_int[j]], dtype=np.int32)
    h.changeColsIntegrality(len(trucks), trucks, np.zeros(len(trucks), dtype=np.uint8))
    h.run()
    plain = h.getInfo().objective_function_value + constant
    print(f"LP relaxation: {plain:,.0f}")
    for round_ in range(1, args.rounds + 1):
        started = time.perf_counter()
        x = list(h.getSolution().col_value)
        cuts = []
        for row in model.truck_rows:
            agg, rhs, slacks = aggregate(model, row, x, args.steps, not args.no_demand, not args.no_vub)
            capacity = -model.rows[row][model.truck_column(row)]
            tries = [mir(model, agg, rhs, slacks, x, d) for d in (capacity, capacity / 2, capacity / 4, 2 * capacity)]
            tries = [t for t in tries if t and t[2] > 1e-6 * max(1.0, abs(t[1]))]
            if tries:
                cuts.append(max(tries, key=lambda t: t[2]))
        for cut, cut_rhs, _ in cuts:
            index = np.array(list(cut), dtype=np.int32)
            h.addRow(-highspy.kHighsInf, cut_rhs, len(index), index, np.array(list(cut.values())))
        h.run()
        bound = h.getInfo().objective_function_value + constant
        print(
            f"round {round_}: {len(cuts)} cuts, bound {bound:,.0f} "
            f"(+{bound - plain:,.0f}), {time.perf_counter() - started:.1f} s"
        )


if __name__ == "__main__":
    main()
