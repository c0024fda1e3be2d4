"""HiGHS MIP on an agrimatch `--write-lp` file with truck columns (General).

Usage: python3 benches/trucks_mip.py FILE.lp [--gap G] [--time-limit S]
Prints the LP relaxation, HiGHS's best plan and bound (objective constant
added back, as agrimatch reports costs), the gap and the seconds. One thread.
"""
import argparse
import time

import highspy


def constant_of(path):
    with open(path) as f:
        first = f.readline()
    return float(first.split("=")[1])


def open_lp(path):
    """HiGHS (quiet, one thread) with the `--write-lp` file read, and the
    file's objective constant, which agrimatch's costs include."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.readModel(path)
    return h, constant_of(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("lp")
    ap.add_argument("--gap", type=float, default=0.01)
    ap.add_argument("--time-limit", type=float, default=60.0)
    args = ap.parse_args()
    h, constant = open_lp(args.lp)
    started = time.perf_counter()
    h.setOptionValue("solve_relaxation", True)
    h.run()
    relaxation = h.getInfo().objective_function_value + constant
    relax_s = time.perf_counter() - started
    h.setOptionValue("solve_relaxation", False)
    h.setOptionValue("mip_rel_gap", args.gap)
    h.setOptionValue("time_limit", args.time_limit)
    started = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - started
    info = h.getInfo()
    best = info.objective_function_value + constant
    bound = info.mip_dual_bound + constant
    print(f"relaxation {relaxation:.2f} ({relax_s:.2f} s)")
    print(f"status {h.modelStatusToString(h.getModelStatus())}")
    print(f"best {best:.2f} bound {bound:.2f} gap_to_own_bound {(best - bound) / abs(best):.4%} "
          f"gap_to_relaxation {(best - relaxation) / abs(best):.4%} seconds {seconds:.2f}")


if __name__ == "__main__":
    main()
