#!/usr/bin/env python3
"""Writes the guiyang-luodian scenario: one calendar year (52 weeks) of
shipments from Luodian and Ziyun production bases to Guiyang buyers.

Deterministic (fixed seed), standard library only. Run it from anywhere:

    python3 scenarios/guiyang-luodian/make_scenario.py

It rewrites the CSV files next to this script. README.md explains which
numbers come from /work/shared/seed-facts.md and which are assumed.
"""

import csv
import math
import os
import random

SEED = 20240601
HERE = os.path.dirname(os.path.abspath(__file__))
WEEKS = 52

rng = random.Random(SEED)

# ---------------------------------------------------------------- products
# product: (shelf_life_days, value_per_kg, holding_cost_per_kg_week, min_remaining_days)
# value_per_kg is an assumed farm-gate price (yuan/kg); see README.md.
PRODUCTS = {
    "honey-plum": (18, 12.0, 0.10, 4),      # cold chain 2-3 weeks -> held <= 2 weeks
    "orah-mandarin": (42, 4.0, 0.06, 14),   # 4-8 weeks cold -> 6 weeks, sold by age 4
    "cabbage": (7, 1.2, 0.03, 2),           # leafy 3-7 days -> sold in harvest week
    "coriander": (4, 6.0, 0.05, 1),         # leafy 3-7 days -> sold in harvest week
    "chili": (12, 4.0, 0.05, 3),            # 1-2 weeks -> held/sold up to 1 week old
    "fresh-corn": (4, 2.0, 0.04, 1),        # 3-5 days -> sold in harvest week
    "sweet-potato": (120, 2.4, 0.02, 21),   # months -> 17 weeks, sold by age 14
}

# ------------------------------------------------------------------- farms
# farm: (region, priority, storage_kg or None)
FARMS = {
    "Muyin-plum": ("Luodian-Muyin", 2, 10000),
    "Muyin-orah": ("Luodian-Muyin", 1, 40000),
    "Muyin-winter-veg": ("Luodian-Muyin", 2, 8000),
    "Muyin-chili-corn": ("Luodian-Muyin", 1, 5000),
    "Longping-orah-households": ("Luodian-Longping", 2, None),
    "Bianyang-base": ("Luodian-Bianyang", 0, None),
    "Ziyun-sweet-potato": ("Ziyun", 1, None),
    "Ziyun-cabbage": ("Ziyun", 0, None),
    "Ziyun-households": ("Ziyun", 2, None),
}

HUBS = {
    "Luodian-collection": ("Luodian-Longping", 120000),
    "Guiyang-DC": ("Jingkai", 200000),
}

# store: (region, storage_kg or None, size, products ordered)
ALL = ["honey-plum", "orah-mandarin", "cabbage", "coriander", "chili", "fresh-corn", "sweet-potato"]
STORES = {
    "Jingkai-freshmart": ("Jingkai", 6000, 1.2, ALL),
    "Huaxi-freshmart": ("Huaxi", 5000, 1.0, ALL),
    "Guanshanhu-supermarket": ("Guanshanhu", 5000, 1.1, ALL),
    "Baiyun-supermarket": ("Baiyun", 4000, 0.8, ALL),
    "Wudang-supermarket": ("Wudang", 3000, 0.6,
                           ["orah-mandarin", "cabbage", "coriander", "chili", "fresh-corn", "sweet-potato"]),
    "Nanming-freshmart": ("Nanming", 4000, 0.9, ALL),
    "Yunyan-supermarket": ("Yunyan", 4000, 1.0, ALL),
    "Guanshanhu-ecommerce": ("Guanshanhu", None, 1.6, ["honey-plum", "orah-mandarin", "sweet-potato"]),
    "Jingkai-supply-chain": ("Jingkai", 20000, 2.5, ["cabbage", "chili", "fresh-corn", "sweet-potato"]),
    "Nanming-luodian-hall": ("Nanming", 8000, 1.0,
                             ["honey-plum", "orah-mandarin", "cabbage", "chili", "fresh-corn"]),
    "Baiyun-group-buy": ("Baiyun", 3000, 1.2, ["honey-plum", "cabbage", "coriander", "fresh-corn"]),
}

# Buyers whose orders are pre-sold or under contract: explicit shortfall
# penalty (multiple of value_per_kg); others use the default (2 x value).
PENALTY_MULTIPLE = {"Guanshanhu-ecommerce": 3.0, "Jingkai-supply-chain": 2.5}

WINTER = list(range(1, 17)) + list(range(45, 53))   # Nov-Apr vegetable gap


def bump(weeks, peak_at=None, width=None):
    """Bell-shaped weights over `weeks` (a list), peaking at `peak_at`."""
    if peak_at is None:
        peak_at = (weeks[0] + weeks[-1]) / 2
    if width is None:
        width = max(1.5, (weeks[-1] - weeks[0]) / 2.5)
    return {w: math.exp(-0.5 * ((w - peak_at) / width) ** 2) for w in weeks}


def spread(total_kg, weights, noise=0.08):
    """Splits total_kg over weeks by weights, with +-noise, in 10 kg units."""
    s = sum(weights.values())
    out = {}
    for w in sorted(weights):
        q = total_kg * weights[w] / s * (1 + rng.uniform(-noise, noise))
        q = round(q / 10) * 10
        if q > 0:
            out[w] = q
    return out


def winter_weights(low_weeks=(), low=0.8):
    """Winter vegetable season; `low_weeks` produce less (cold snaps)."""
    return {w: (low if w in low_weeks else 1.0) for w in WINTER}


# ------------------------------------------------------------------ supply
# (farm, product) -> {week: kg}
SUPPLY = {
    # seed facts: Muyin sold 75 t honey plums, harvest late June-July
    ("Muyin-plum", "honey-plum"): spread(75000, bump(list(range(25, 32)), 28, 1.6)),
    # seed facts: Muyin sold 200 t Orah mandarins, harvest January-April
    ("Muyin-orah", "orah-mandarin"): spread(150000, bump(list(range(1, 18)), 8, 5)),
    ("Longping-orah-households", "orah-mandarin"): spread(50000, bump(list(range(2, 15)), 7, 4)),
    # seed facts: over-wintering vegetable base for the winter-spring gap
    ("Muyin-winter-veg", "cabbage"): spread(1400000, winter_weights(low_weeks=(3, 4, 5, 6))),
    ("Muyin-winter-veg", "coriander"): spread(240000, winter_weights(low_weeks=(3, 4, 5, 6))),
    ("Bianyang-base", "cabbage"): spread(400000, winter_weights(low_weeks=(3, 4, 5))),
    ("Bianyang-base", "coriander"): spread(40000, winter_weights(low_weeks=(3, 4, 5))),
    ("Ziyun-cabbage", "cabbage"): spread(450000, {w: 1.0 for w in WINTER if w <= 14 or w >= 46}),
    ("Ziyun-households", "cabbage"): spread(60000, {w: 1.0 for w in WINTER if w <= 12 or w >= 47}),
    # seed facts: Muyin sold over 300 t chili and fresh corn
    ("Muyin-chili-corn", "chili"): spread(170000, bump(list(range(27, 43)), 33, 4.5)),
    ("Muyin-chili-corn", "fresh-corn"): spread(130000, bump(list(range(26, 37)), 30, 2.8)),
    ("Bianyang-base", "chili"): spread(60000, bump(list(range(28, 41)), 34, 4)),
    ("Bianyang-base", "fresh-corn"): spread(50000, bump(list(range(27, 36)), 31, 2.5)),
    # seed facts: Ziyun red-heart sweet potato; harvest in autumn (assumed weeks 38-46)
    ("Ziyun-sweet-potato", "sweet-potato"): spread(250000, bump(list(range(38, 47)), 42, 2.5)),
    ("Ziyun-households", "sweet-potato"): spread(40000, bump(list(range(39, 46)), 42, 2)),
}

# Opening stock at the start of week 1 (harvested last year).
STOCK = [
    ("Muyin-orah", "orah-mandarin", 14, 12000),
    ("Luodian-collection", "orah-mandarin", 7, 5000),
    ("Ziyun-sweet-potato", "sweet-potato", 56, 28000),
    ("Guiyang-DC", "sweet-potato", 42, 6000),
]


def weekly_total(product):
    tot = {}
    for (farm, p), weeks in SUPPLY.items():
        if p == product:
            for w, q in weeks.items():
                tot[w] = tot.get(w, 0) + q
    return tot


# ------------------------------------------------------------------ demand
# City-wide weekly orders per product, before splitting across buyers.
def city_demand():
    d = {}
    # Vegetables: the winter-spring gap. Orders are 1.25-1.5 x the bases'
    # average weekly output, highest around the Spring Festival (weeks 5-7)
    # and in the coldest weeks when the bases also harvest less.
    for p, ratio in (("cabbage", 1.30), ("coriander", 1.30)):
        supply = weekly_total(p)
        avg = sum(supply.values()) / len(WINTER)
        shape = {}
        for w in WINTER:
            f = ratio
            if w in (5, 6, 7):
                f += 0.20          # Spring Festival
            elif w in (3, 4, 8):
                f += 0.10
            if w >= 49 or w <= 2:
                f += 0.05          # New Year / December
            shape[w] = avg * f
        d[p] = shape
    # Mandarins: supply 200 t + 17 t opening stock; orders about 222 t over
    # weeks 1-20, peaking before the Spring Festival (all of it sells).
    d["orah-mandarin"] = scale(bump(list(range(1, 21)), 7, 6), 222000)
    # Honey plums: 75 t harvested, 68 t ordered, flatter and longer than the harvest.
    d["honey-plum"] = scale(bump(list(range(25, 34)), 28.5, 2.6), 68000)
    # Chili: 230 t harvested, 222 t ordered over weeks 27-43.
    d["chili"] = scale(bump(list(range(27, 44)), 34, 5.5), 222000)
    # Fresh corn: 185 t harvested, 165 t ordered, flatter than the harvest.
    d["fresh-corn"] = scale(bump(list(range(26, 37)), 30.5, 3.2), 165000)
    # Sweet potato: 34 t old crop in January-February; the new crop (283 t)
    # is all ordered between weeks 38 and 52 (290 t).
    sp = {w: 4300.0 for w in range(1, 9)}
    sp.update(scale(bump(list(range(38, 53)), 46, 6), 290000))
    d["sweet-potato"] = sp
    return d


def norm(weights):
    s = sum(weights.values())
    return {w: x / s for w, x in weights.items()}


def scale(weights, total):
    return {w: total * x for w, x in norm(weights).items()}


def demand_rows():
    rows = []
    city = city_demand()
    for p, weeks in city.items():
        buyers = [(s, spec[2]) for s, spec in STORES.items() if p in spec[3]]
        share_total = sum(size for _, size in buyers)
        value = PRODUCTS[p][1]
        for w in sorted(weeks):
            for s, size in buyers:
                q = weeks[w] * size / share_total * (1 + rng.uniform(-0.12, 0.12))
                q = round(q / 10) * 10
                if q <= 0:
                    continue
                mult = PENALTY_MULTIPLE.get(s)
                penalty = f"{mult * value:g}" if mult else ""
                rows.append((s, p, w, q, penalty))
    rows.sort(key=lambda r: (r[2], list(STORES).index(r[0]), list(PRODUCTS).index(r[1])))
    return rows


# ------------------------------------------------------------------- lanes
# (from, to, km, yuan per kg per km, fixed handling yuan/kg, transit_days, capacity_kg_per_week)
def lane_specs():
    L = []
    # Luodian bases -> county collection centre (Longping).
    # Muyin: 30-60 km of mountain road (45 km assumed), 0.004 yuan/kg/km.
    L.append(("Muyin-plum", "Luodian-collection", 45, 0.004, 0.0, 0.15, 10000))
    L.append(("Muyin-orah", "Luodian-collection", 45, 0.004, 0.0, 0.15, 30000))
    L.append(("Muyin-winter-veg", "Luodian-collection", 45, 0.004, 0.0, 0.15, 70000))
    L.append(("Muyin-chili-corn", "Luodian-collection", 45, 0.004, 0.0, 0.15, 30000))
    L.append(("Longping-orah-households", "Luodian-collection", 10, 0.004, 0.02, 0.1, None))
    L.append(("Bianyang-base", "Luodian-collection", 40, 0.003, 0.0, 0.1, None))
    # Direct farm -> city lanes.
    L.append(("Muyin-plum", "Guanshanhu-ecommerce", 245, 0.004, 0.0, 0.6, 2000))
    L.append(("Bianyang-base", "Guiyang-DC", 150, 0.003, 0.0, 0.3, None))
    L.append(("Bianyang-base", "Jingkai-supply-chain", 150, 0.003, 0.02, 0.3, 40000))
    # Ziyun bases (about 150 km to Guiyang).
    L.append(("Ziyun-sweet-potato", "Guiyang-DC", 150, 0.003, 0.0, 0.3, None))
    L.append(("Ziyun-sweet-potato", "Guanshanhu-ecommerce", 165, 0.003, 0.03, 0.4, 8000))
    L.append(("Ziyun-cabbage", "Guiyang-DC", 150, 0.003, 0.0, 0.3, None))
    L.append(("Ziyun-cabbage", "Jingkai-supply-chain", 150, 0.003, 0.02, 0.3, 15000))
    L.append(("Ziyun-cabbage", "Huaxi-freshmart", 135, 0.003, 0.02, 0.3, 6000))
    L.append(("Ziyun-households", "Guiyang-DC", 150, 0.0035, 0.0, 0.3, None))
    # County collection centre -> Guiyang (about 190 km by expressway).
    L.append(("Luodian-collection", "Guiyang-DC", 190, 0.0025, 0.0, 0.2, 150000))
    L.append(("Luodian-collection", "Nanming-luodian-hall", 200, 0.003, 0.0, 0.25, None))
    L.append(("Luodian-collection", "Jingkai-supply-chain", 190, 0.003, 0.0, 0.25, None))
    L.append(("Luodian-collection", "Guanshanhu-ecommerce", 210, 0.003, 0.0, 0.3, None))
    # Guiyang DC (Jingkai) -> buyers: city delivery, 0.004 yuan/kg/km + 0.03 handling.
    city_km = {
        "Jingkai-freshmart": 5, "Huaxi-freshmart": 15, "Guanshanhu-supermarket": 25,
        "Baiyun-supermarket": 30, "Wudang-supermarket": 30, "Nanming-freshmart": 12,
        "Yunyan-supermarket": 18, "Guanshanhu-ecommerce": 25, "Jingkai-supply-chain": 6,
        "Nanming-luodian-hall": 12, "Baiyun-group-buy": 30,
    }
    for store, km in city_km.items():
        L.append(("Guiyang-DC", store, km, 0.004, 0.03, 0.1 if km < 15 else 0.2, None))
    return L


def lanes():
    out = []
    for frm, to, km, rate, fixed, days, cap in lane_specs():
        out.append((frm, to, f"{km * rate + fixed:.2f}", f"{days:g}", "" if cap is None else str(cap)))
    return out


# ------------------------------------------------------------------- trucks
# Whole trucks per lane and week (`trucks/refrigerated-trucks.csv`, a change
# file): 10 t refrigerated trucks on the expressway lanes into Guiyang (the
# collection centre, Bianyang and Ziyun bases, 135-210 km), 5 t refrigerated
# trucks on the mountain roads to the collection centre and on city delivery.
# cost_per_truck = the truck's hire for one trip, out and back:
# 100 yuan (driver, loading) + 4 yuan/km (5 t) or 6 yuan/km (10 t) x 2 x km.
# cost_per_kg stays as it is (handling and fuel by weight).
def trucks():
    rows = []
    for frm, to, km, _rate, _fixed, _days, _cap in lane_specs():
        truck_kg = 10000 if km >= 130 else 5000
        per_km = 6 if truck_kg == 10000 else 4
        cost = 100 + per_km * 2 * km
        sel = f"from={frm};to={to}"
        rows.append(("lanes", sel, "truck_kg", "set", truck_kg))
        rows.append(("lanes", sel, "cost_per_truck", "set", cost))
    return rows


# ------------------------------------------------------------------- write
def write(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def fmt(x):
    return f"{x:g}"


def main():
    write("products.csv",
          ["product", "shelf_life_days", "value_per_kg", "holding_cost_per_kg_week", "min_remaining_days"],
          [(p, s, fmt(v), fmt(h), m) for p, (s, v, h, m) in PRODUCTS.items()])
    write("farms.csv", ["farm", "region", "priority", "storage_kg"],
          [(f, r, pr, "" if st is None else st) for f, (r, pr, st) in FARMS.items()])
    write("hubs.csv", ["hub", "region", "storage_kg"],
          [(h, r, "" if st is None else st) for h, (r, st) in HUBS.items()])
    write("stores.csv", ["store", "region", "storage_kg"],
          [(s, spec[0], "" if spec[1] is None else spec[1]) for s, spec in STORES.items()])
    supply = sorted(((f, p, w, q) for (f, p), weeks in SUPPLY.items() for w, q in weeks.items()),
                    key=lambda r: (r[2], list(FARMS).index(r[0]), list(PRODUCTS).index(r[1])))
    write("supply.csv", ["farm", "product", "week", "quantity_kg"], supply)
    demand = demand_rows()
    write("demand.csv", ["store", "product", "week", "quantity_kg", "shortfall_penalty_per_kg"], demand)
    write("lanes.csv", ["from", "to", "cost_per_kg", "transit_days", "capacity_kg_per_week"], lanes())
    write("stock.csv", ["location", "product", "age_days", "quantity_kg"], STOCK)
    os.makedirs(os.path.join(HERE, "trucks"), exist_ok=True)
    write("trucks/refrigerated-trucks.csv", ["target", "selector", "field", "op", "value"], trucks())

    # Yearly totals, for the README and a quick sanity check.
    print(f"{'product':14} {'supply_kg':>10} {'stock_kg':>9} {'demand_kg':>10}")
    for p in PRODUCTS:
        s = sum(r[3] for r in supply if r[1] == p)
        st = sum(r[3] for r in STOCK if r[1] == p)
        d = sum(r[3] for r in demand if r[1] == p)
        print(f"{p:14} {s:>10} {st:>9} {d:>10}")
    print(f"rows: supply {len(supply)}, demand {len(demand)}, lanes {len(lanes())}")


if __name__ == "__main__":
    main()
