"""Incremental linking benchmark: add 1,000 mentions to a store of 100,000 or 1,000,000.

    .venv/bin/python bench/linking_incremental.py [--sizes 100000,1000000] [--new 1000]
        [--per-day 10] [--days N] [--full-limit 300000] [--base auto|link|truth]
        [--new-from latest|random] [--repeat 3] [--dir DIR]

For each size, synthetic mentions (bench/linking.py's generator, one document each)
are written to a fresh SQLite file with bulk inserts (no text is extracted), the
store is brought to a linked state, then `--new` more mentions of the same
generator (held out at random) are stored and linked with `otkaz.link.link_new`.
Prints a table: the incremental time (the fastest and the median of `--repeat`
links, each on a fresh copy of the store as the ingest left it, written out to disk
first), the mentions re-clustered, the pairwise comparisons scored in full, and, up
to `--full-limit` stored mentions, the time of a full relink (`otkaz.link.relink`) of
the same store for comparison; and the machine's load averages after each size.
Mentions and cases are stored in the order they were published, as a store that
grew over time holds them.

The event dates span `size / per-day` days (10 mentions a day, the generator's own
density at 10,000 mentions), so a block holds as many mentions at every size, as in
a store that grows over time; `--days` fixes the span instead (then blocks grow
with the store, and so does the work of linking a new mention).

The new mentions (`--new-from`) are the last published ones (an ingest of today's
news: they reach the recent part of the store), or drawn at random from every
period (each then reaches a part of its own, and the closure grows with them).

The linked state before the new mentions (`--base`): `link` relinks the whole store
(a real full relink, also timed); `truth` writes the generator's true cases, the
block index and the component labels directly (the labels exact: every candidate
pair scored, but a pair already joined skipped; the cases what a linker at F1 0.96
would nearly give, so the incremental link also corrects the cases it reaches, and
a true case that spans two components brings both). `auto` links up to
`--full-limit` and writes the truth above it.

Figures (2026-12-07, this repository's 2-core machine with one or two other jobs
running; `--base truth --repeat 5`, `--base link --full-limit 100000 --repeat 5`,
and `--base link --new-from random --full-limit 100000 --repeat 3`):

    new: 1,000 latest, the fastest and median of 5
        stored   base  build s  incr. s  median  re-clustered  compared  moved  full s  load
       100,000  truth       59     1.59    1.66         3,181    19,700  1,131    77.8  1.1 1.5
       100,000   link      116     1.54    1.69         3,150    19,688  1,043    76.2  1.1 1.3
     1,000,000  truth      677     1.69    1.78         3,175    17,424  1,207       -  1.1 1.1
    new: 1,000 random, the fastest and median of 3
       100,000   link      112     8.44    8.64        15,133    75,082  1,676    76.2  1.0 1.0

(load: the 1- and 5-minute load averages after the run.)

Before component labels, cheap vetoes and the rest (commit 2835ae8), the same store
took 8.6 s (100,000, truth) and 8.0 s (1,000,000): 3,181 mentions re-clustered
with 138,643 comparisons, most of them between old mentions; random: 122 s.
Where the time goes now (100,000, link base, CPU): reading and profiling ~5,800
mentions 35-40 %, clustering the reached part again (candidate pairs, ~20,000
comparisons) ~27 %, writing block rows, cases and labels ~15 %, merging cases ~5 %.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from linking import generate  # noqa: E402

from otkaz.link import features as link_features  # noqa: E402
from otkaz.link import relink  # noqa: E402
from otkaz.link.cases import PROBE_ONLY, block_keys, case_key  # noqa: E402
from otkaz.link.features import MentionRef, profile  # noqa: E402
from otkaz.link.incremental import BLOCKS_VERSION, link_new, mention_blocks  # noqa: E402
from otkaz.link.pairs import cannot_link, compare  # noqa: E402
from otkaz.store import open_store  # noqa: E402
from otkaz.store.rows import incident_row  # noqa: E402

STAMP = "2026-01-01 00:00:00.000000"
JSON_COLUMNS = ("personnel", "home_geo", "place_geo", "sources", "outcomes", "evidence",
                "spans", "chain")


@dataclass
class Row:
    size: int
    base: str
    build_s: float
    incremental_s: float  # the fastest of the repeats
    median_s: float
    reclustered: int
    comparisons: int
    moved: int
    full_s: float | None


def _batches(items: Iterable[Any], size: int = 20_000) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _mention_values(ref: MentionRef, doc_id: int, case_id: int | None) -> dict[str, Any]:
    values = incident_row(ref.incident)
    for name in JSON_COLUMNS:
        values[name] = json.dumps(values[name]) if values[name] is not None else None
    for name in ("when_start", "when_end"):
        values[name] = values[name].isoformat() if values[name] else None
    values["has_count"] = int(values["has_count"])
    return values | {"document_id": doc_id, "idx": 0, "mention_key": ref.key,
                     "pipeline_version": "bench", "case_id": case_id,
                     "linked": int(case_id is not None)}


def insert_mentions(db: sqlite3.Connection, refs: Sequence[MentionRef],
                    case_of: dict[str, int] | None = None) -> dict[str, int]:
    """Bulk-insert one document per ref and its mention; mention key -> mention id."""
    first_doc = db.execute("SELECT COALESCE(MAX(id), 0) FROM documents").fetchone()[0] + 1
    db.executemany(
        "INSERT INTO documents (id, sha256, source_id, outlet, published, text, ingested_at, "
        "pipeline_version, extracted_at) VALUES (?, ?, ?, ?, ?, 'synthetic', ?, 'bench', ?)",
        [(first_doc + i, hashlib.sha256(r.document_id.encode()).hexdigest(), r.document_id,
          r.outlet,
          r.published.isoformat() if r.published else None, STAMP, STAMP)
         for i, r in enumerate(refs)])
    rows = [_mention_values(r, first_doc + i, (case_of or {}).get(r.key))
            for i, r in enumerate(refs)]
    columns = list(rows[0])
    sql = (f"INSERT INTO mentions ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    db.executemany(sql, [tuple(row[c] for c in columns) for row in rows])
    keys = [r.key for r in refs]
    ids: dict[str, int] = {}
    for batch in _batches(keys, 900):
        marks = ", ".join("?" for _ in batch)
        ids.update(db.execute(f"SELECT mention_key, id FROM mentions WHERE mention_key IN "
                              f"({marks})", batch).fetchall())
    return ids


def write_truth(db: sqlite3.Connection, refs: Sequence[MentionRef],
                truth: dict[str, int]) -> dict[str, int]:
    """Cases from the generator's truth (keyed as the linker keys them); mention -> case id."""
    groups: dict[int, list[MentionRef]] = defaultdict(list)
    for r in sorted(refs, key=lambda m: m.order_key):
        groups[truth[r.key]].append(r)
    case_of: dict[str, int] = {}
    rows = []
    # numbered by their first report, as a store that grew over time numbers them
    for n, members in enumerate(sorted(groups.values(), key=lambda g: g[0].order_key), 1):
        rows.append((n, case_key(members[0]), STAMP, STAMP, json.dumps({}), len(members)))
        for m in members:
            case_of[m.key] = n
    db.executemany("INSERT INTO cases (id, key, created_at, updated_at, status, version, "
                   "merged, n_mentions, n_origins) VALUES (?, ?, ?, ?, 'machine', 1, ?, ?, 1)",
                   rows)
    return case_of


def write_blocks(db: sqlite3.Connection, refs: Sequence[MentionRef], ids: dict[str, int]) -> None:
    def rows() -> Iterator[tuple[int, int]]:
        for r in refs:
            for h in mention_blocks(profile(r))[0]:
                yield h, ids[r.key]

    for batch in _batches(rows(), 200_000):
        db.executemany("INSERT OR IGNORE INTO link_blocks (block, mention_id) VALUES (?, ?)",
                       batch)
    db.execute("UPDATE store_state SET link_blocks_version = ? WHERE id = 1", (BLOCKS_VERSION,))


def write_components(db: sqlite3.Connection, refs: Sequence[MentionRef],
                     ids: dict[str, int]) -> int:
    """Label the accepted-pair components of `refs` as a link would (link_components);
    how many. The candidate pairs of cases.candidate_pairs, each formed once, from its
    later mention; only connectivity counts, so a pair already joined is not scored."""
    ordered = sorted(refs, key=lambda r: r.order_key)
    members: dict[tuple[str, ...], list[int]] = defaultdict(list)
    probers: dict[tuple[str, ...], list[int]] = defaultdict(list)
    profiles = []
    root: list[int] = []

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for i, r in enumerate(ordered):
        p = profile(r)
        profiles.append(p)
        root.append(i)
        member_of, probe_of = block_keys(p)
        earlier: set[int] = set()
        for key in member_of:
            if key[0] not in PROBE_ONLY:
                earlier.update(members.get(key, ()))
            earlier.update(probers.get(key, ()))
        for key in probe_of:
            earlier.update(members.get(key, ()))
        for j in sorted(earlier):
            ri, rj = find(i), find(j)
            if ri != rj and not cannot_link(profiles[j], p) and compare(profiles[j], p).linked:
                root[max(ri, rj)] = min(ri, rj)
        for key in member_of:
            members[key].append(i)
        for key in probe_of:
            probers[key].append(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(ordered):
        groups[find(i)].append(ids[r.key])
    rows = [(m, min(group)) for group in groups.values() for m in group]
    for batch in _batches(rows, 200_000):
        db.executemany("INSERT INTO link_components (mention_id, component) VALUES (?, ?)", batch)
    return len(groups)


def run(size: int, a: argparse.Namespace, folder: Path) -> Row:
    days = a.days or max(30, size // a.per_day)
    started = time.perf_counter()
    refs, truth = generate(size + a.new, a.seed, days=days)
    if a.new_from == "latest":  # today's news: the last published reports
        new_keys = {r.key for r in sorted(refs, key=lambda r: r.order_key)[-a.new:]}
    else:  # reports of any time, each in a part of the store of its own
        new_keys = set(random.Random(a.seed).sample([r.key for r in refs], a.new))
    # stored in the order they were published, as ingests over time store them
    old = sorted((r for r in refs if r.key not in new_keys), key=lambda r: r.order_key)
    new = sorted((r for r in refs if r.key in new_keys), key=lambda r: r.order_key)
    path = folder / f"linkinc-{size}.db"
    path.unlink(missing_ok=True)
    base = a.base if a.base != "auto" else ("link" if size <= a.full_limit else "truth")
    with open_store(f"sqlite:///{path}") as store:
        pass  # creates the schema (migrations)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    with db:
        case_of = write_truth(db, old, truth) if base == "truth" else None
        ids = insert_mentions(db, old, case_of)
        if base == "truth":
            write_blocks(db, old, ids)
            write_components(db, old, ids)
    db.close()
    with open_store(f"sqlite:///{path}") as store:
        if base == "link":
            relink(store)  # a real full relink also builds the block index
    build = time.perf_counter() - started
    db = sqlite3.connect(path)
    with db:
        insert_mentions(db, new)  # waiting to be linked, as an ingest leaves them
    db.close()
    start = path.with_name(path.stem + "-start.db")
    shutil.copyfile(path, start)
    times = []
    full = None
    for n in range(a.repeat):  # each on a fresh copy of the store as the ingest left it
        _fresh_copy(start, path)
        with open_store(f"sqlite:///{path}") as store:
            began = time.perf_counter()
            summary = link_new(store)
            times.append(time.perf_counter() - began)  # with the lookups and marks around it
            assert summary.incremental and not summary.fallback, summary
            if n == a.repeat - 1 and size <= a.full_limit:
                began = time.perf_counter()
                relink(store)
                full = time.perf_counter() - began
    start.unlink()
    if not a.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return Row(size, base, build, min(times), statistics.median(times), summary.mentions,
               summary.comparisons, summary.moved, full)


def _fresh_copy(source: Path, path: Path) -> None:
    """`source` copied to `path`, written out to disk: a link that starts with a gigabyte
    of dirty pages in the file pays for flushing them at its first checkpoint."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, path)
    os.sync()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,1000000",
                    help="stored mentions before the new ones, comma-separated")
    ap.add_argument("--new", type=int, default=1000, help="mentions added and linked")
    ap.add_argument("--per-day", type=int, default=10, help="mentions per day of event dates")
    ap.add_argument("--days", type=int, default=0, help="fixed span of event dates (days)")
    ap.add_argument("--full-limit", type=int, default=300_000,
                    help="time a full relink only up to this many stored mentions")
    ap.add_argument("--base", choices=("auto", "link", "truth"), default="auto")
    ap.add_argument("--new-from", choices=("latest", "random"), default="latest",
                    help="the new mentions: the last published, or drawn at random")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3,
                    help="incremental links timed, each on a fresh copy of the store")
    ap.add_argument("--dir", type=Path, default=None, help="where the SQLite files go")
    ap.add_argument("--keep", action="store_true", help="keep the SQLite files")
    a = ap.parse_args()
    link_features.resolve = lambda _text: None  # type: ignore[assignment]  # invented places
    folder = a.dir or Path(tempfile.mkdtemp(prefix="otkaz-linkinc-"))
    rows = []
    loads = []
    for size in (int(s) for s in a.sizes.split(",")):
        rows.append(run(size, a, folder))
        loads.append(os.getloadavg())
        print(f"  done {size:,}: {rows[-1]}", file=sys.stderr, flush=True)
    print(f"new mentions: {a.new_from}; event dates: "
          f"{f'{a.days} days' if a.days else f'{a.per_day} mentions a day'}; "
          f"incremental link: fastest and median of {a.repeat}")
    print(f"{'stored':>10} {'base':>6} {'build s':>8} {'new':>6} {'incr. s':>8} {'median':>7} "
          f"{'re-clustered':>12} {'compared':>9} {'moved':>6} {'full relink s':>14} "
          f"{'load 1/5/15 min':>16}")
    for r, load in zip(rows, loads, strict=True):
        full = f"{r.full_s:.1f}" if r.full_s is not None else "skipped"
        print(f"{r.size:>10,} {r.base:>6} {r.build_s:>8.0f} {a.new:>6,} {r.incremental_s:>8.2f} "
              f"{r.median_s:>7.2f} {r.reclustered:>12,} {r.comparisons:>9,} {r.moved:>6,} "
              f"{full:>14} {' '.join(f'{x:.1f}' for x in load):>16}")


if __name__ == "__main__":
    main()
