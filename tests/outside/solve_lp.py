#!/usr/bin/env python3
"""Solves an LP file written by `agrimatch plan --write-lp` with HiGHS
(highspy, from PyPI): an outside check of agrimatch's objective.

Prints `<model status> <objective including agrimatch's constant>`.
Exit 3 when highspy is not installed, so the caller can skip with a reason.
"""
import re
import sys

try:
    import highspy
except ImportError:
    print("highspy is not installed (pip install highspy)", file=sys.stderr)
    sys.exit(3)

path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    first = f.readline()
match = re.match(r"\\ objective_constant = (\S+)", first)
if not match:
    sys.exit(f"{path}: line 1: expected '\\ objective_constant = <number>'")
constant = float(match.group(1))

h = highspy.Highs()
h.setOptionValue("output_flag", False)
h.setOptionValue("threads", 1)
if h.readModel(path) != highspy.HighsStatus.kOk:
    sys.exit(f"{path}: HiGHS could not read the model")
h.run()
status = h.modelStatusToString(h.getModelStatus())
print(status, repr(h.getInfo().objective_function_value + constant))
