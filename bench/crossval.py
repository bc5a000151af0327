"""Honest scores in one command: rules alone and cross-validated verifier on the real corpora.

    .venv/bin/python bench/crossval.py            # development folds 0-3
    .venv/bin/python bench/crossval.py --check    # also the check fold 4: once, at the end
    .venv/bin/python bench/crossval.py --json out.json

Reads ../shared (or OTKAZ_SHARED). See otkaz.learn.protocol for what each row means.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from otkaz.learn.corpus import shared_dir
from otkaz.learn.protocol import run_protocol
from otkaz.learn.verifier import C_REG


def _f(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def summary_line(name: str, setting: str, r: dict[str, Any]) -> str:
    inc, fig = r["incidents"], r["figures"]
    d = inc["detection"]
    return (f"{name:11s} {setting:22s} inc det {_f(d['f1'])} (P {_f(d['precision'])} "
            f"R {_f(d['recall'])})  e2e {_f(inc['end_to_end']['f1'])}   "
            f"fig det {_f(fig['detection']['f1'])}  e2e {_f(fig['end_to_end']['f1'])}")


def field_table(r: dict[str, Any]) -> str:
    rows = []
    for kind in ("incidents", "figures"):
        for name, f in r[kind]["fields"].items():
            rows.append(f"  {kind[:3]}.{name:10s} P {_f(f['precision'])} R {_f(f['recall'])}"
                        f"  ({f['correct']}/{f['predicted']} pred, {f['gold']} gold)")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="also score the check fold (4)")
    ap.add_argument("--c", type=float, default=C_REG, help="L2 strength of the verifier")
    ap.add_argument("--fields", action="store_true", help="per-field table of real-en CV")
    ap.add_argument("--json", help="write every result as JSON here")
    a = ap.parse_args(argv)
    shared = shared_dir()
    if not (shared / "corpus").exists():
        print(f"crossval: no corpora at {shared} (set OTKAZ_SHARED)", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    result = run_protocol(shared, check=a.check, c=a.c)
    for group, rows in result.rows.items():
        for setting, r in rows.items():
            print(summary_line(group, setting, r))
    if a.fields:
        for setting in ("rules", "verifier (CV)"):
            print(f"real-en {setting}, folds 0-3:")
            print(field_table(result.rows["real-en"][setting]))
        if a.check:
            print("real-en check fold 4, verifier:")
            print(field_table(result.rows["real-en"]["check: verifier"]))
    for kind, cal in result.calibration.items():
        table = "  ".join(f"[{lo:.2f},{hi:.2f}) {n} items {right:.2f} right"
                          for lo, hi, n, right in cal.bins if n)
        print(f"calibration, real-en {kind} kept by the CV verifier: Brier {cal.brier:.3f} "
              f"over {cal.n}; {table}")
    print(f"({time.perf_counter() - t0:.0f} s)")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as fh:
            json.dump({"rows": result.rows, "meta": result.verifier_meta}, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
