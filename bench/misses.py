"""Every miss, extra and wrong field on the development folds (0-3) of the real corpora.

    .venv/bin/python bench/misses.py                  # real/ and real-extra/, verifier on
    .venv/bin/python bench/misses.py --rules real-ru  # one corpus, rules only

The check fold (4) is left out on purpose: its misses are read once, at the end of a
piece of work. Output is the scorer's `--show` listing (`otkaz evaluate --show`).
"""

from __future__ import annotations

import argparse
import sys

from otkaz.evaluate import score
from otkaz.extract import extract_documents
from otkaz.learn.corpus import CHECK_FOLD, load_corpora, shared_dir
from otkaz.learn.protocol import DEV_FOLDS


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="*", default=["real", "real-extra"])
    ap.add_argument("--rules", action="store_true", help="without the verifier")
    a = ap.parse_args(argv)
    shared = shared_dir()
    for name, corpus in load_corpora(shared, a.corpora).items():
        docs = corpus.in_folds(DEV_FOLDS)
        assert all(corpus.fold_of(d.id) != CHECK_FOLD for d in docs)
        ids = {d.id for d in docs}
        reports = {r.id: r.to_dict() for r in extract_documents(docs, verify=not a.rules)}
        records = [r for r in corpus.records if r["id"] in ids]
        gold = [corpus.gold[r["id"]] for r in records if r["id"] in corpus.gold]
        result = score(records, gold, list(reports.values()), show=True)
        print(f"== {name} (folds {', '.join(map(str, DEV_FOLDS))}: {len(records)} documents)")
        print("\n".join(result.shown))
        print(result.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
