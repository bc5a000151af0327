"""Speed per language and the memory of one process that reads both, on the real corpora.

    .venv/bin/python bench/languages.py           # real/ + real-extra/ (English), real-ru/

Each corpus is read whole (every document, no prefilter shortcut for a language that has
none), English first, then Russian, in one process: the peak RSS printed at the end is
the process with both pipelines loaded (issue target: at most 900 MB). Reads ../shared
(or OTKAZ_SHARED).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

from otkaz.extract import extract_documents
from otkaz.learn.corpus import load_corpora, shared_dir


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=2,
                    help="passes over each corpus (the first also loads the models)")
    a = ap.parse_args(argv)
    corpora = load_corpora(shared_dir(), ["real", "real-extra", "real-ru"])
    by_lang = {"en": [d for name in ("real", "real-extra") for d in corpora[name].docs],
               "ru": list(corpora["real-ru"].docs)}
    print(f"start: peak RSS {_peak_rss_mb():.0f} MB")
    for lang, docs in by_lang.items():
        chars = sum(len(d.text) for d in docs)
        for n in range(a.rounds):
            began = time.perf_counter()
            found = sum(len(r.incidents) + len(r.figures) for r in extract_documents(docs))
            took = time.perf_counter() - began
            print(f"{lang} pass {n + 1}: {len(docs)} documents ({chars:,} characters), {found} "
                  f"items in {took:.1f} s: {len(docs) / took:.1f} docs/s, "
                  f"{chars / took / 1000:.1f}k chars/s; peak RSS {_peak_rss_mb():.0f} MB")
    print(f"both languages loaded: peak RSS {_peak_rss_mb():.0f} MB (target <= 900 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
