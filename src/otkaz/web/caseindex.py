"""The case list's in-memory index: every case's filter and sort columns as numpy arrays.

    >>> index = CaseIndex()                                          # doctest: +SKIP
    >>> index.search(engine, CaseFilter(type="refusal", place="omsk"))  # doctest: +SKIP
    (1204, [98211, 98090, ...])        # the total, and the ids of the page in sort order

A filtered, sorted, paginated list over 100,000 cases costs the database two
to six milliseconds per query (a count and an index walk, more for substring
places or common search words). Held as arrays, the same answer is a handful
of vectorised comparisons over a few megabytes: under a millisecond for
any combination of filters. The database stays the truth; this is an index of
it, kept in step by `search.data_version()`:

- on the first query, every case is read (about 0.3 s for 100,000 cases);
- when the version moves, only the cases created or updated since, and the
  cases of new mentions, are read again and patched in; a deletion (the row
  count no longer adds up) reads everything again.

Filters mean exactly what `queries.conditions()` means in SQL (the tests hold
the two side by side), with one exception made on purpose: the place filter
ignores case for every alphabet, as PostgreSQL's ILIKE does, where SQLite's
LIKE folds ASCII only. The place filter reads the worded place and home and
their gazetteer entries' canonical names (so "Брянке" finds "Bryanka"); the
language filter reads a bit set per case of its documents' languages.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Connection, Engine, Float, Integer, cast, func, literal, select
from sqlalchemy.sql.elements import ColumnElement

from otkaz.models import OUTCOMES
from otkaz.store.filters import GEO_PATHS, place_names
from otkaz.store.schema import cases, documents, mentions
from otkaz.web import search
from otkaz.web.queries import HIDDEN, HOME_ENTRY, PLACE_ENTRY, CaseFilter, place_entry_name

EPOCH = date(1970, 1, 1)
NO_DAY_LOW = np.iinfo(np.int32).min  # a missing end never satisfies `when_end >= day`
NO_DAY_HIGH = np.iinfo(np.int32).max  # a missing start never satisfies `when_start <= day`
WORD_CACHE_SIZE = 256
# A kept search word is patched (its cases written since asked about again) while fewer
# than this many have been; past it a whole fetch is as cheap.
STALE_PATCH_LIMIT = 50_000
# masks of places, types, forces and statuses kept per snapshot: 1 MB each per 1M cases
MASK_CACHE_SIZE = 48
_READ_BATCH = 900  # ids per IN list when patching (under SQLite's variable limit)
_BUILD_BATCH = 50_000  # rows read at a time when reading every case


def _days(conn: Connection, column: Any) -> ColumnElement[Any]:
    """Days since 1970-01-01 of a Date column, computed by the database."""
    if conn.dialect.name == "postgresql":
        return column - literal(EPOCH)
    return cast(func.julianday(column) - 2440587.5, Integer)


def _seconds(conn: Connection, column: Any) -> ColumnElement[Any]:
    """Seconds since the epoch of a DateTime column (for sorting by last update)."""
    if conn.dialect.name == "postgresql":
        return cast(func.extract("epoch", column), Float)
    return (func.julianday(column) - 2440587.5) * 86400.0


@dataclass
class _Vocabulary:
    """Strings as small integer codes; code len(values) is "none" (NULL)."""

    values: list[str] = field(default_factory=list)
    codes: dict[str, int] = field(default_factory=dict)

    def code(self, value: str | None) -> int:
        if value is None:
            return -1
        found = self.codes.get(value)
        if found is None:
            found = self.codes[value] = len(self.values)
            self.values.append(value)
        return found

    def lookup(self, wanted: Any) -> np.ndarray:
        """A boolean table over codes (+1 slot for NULL): which values `wanted(value)` accepts."""
        table = np.zeros(len(self.values) + 1, dtype=bool)
        table[:-1] = [bool(wanted(v)) for v in self.values]
        return table


# 4-byte codes, days and counts (about 60 bytes a case for the filters and sorts); seconds,
# confidences and coordinates need a double: the same float the database holds, so a
# threshold cuts where SQL's does and a row shows what SQL would show
_DTYPES: dict[str, Any] = {"updated": np.float64, "confidence": np.float64,
                           "langs": np.int64, "version": np.int64, "count_high": np.int64,
                           "place_lat": np.float64, "place_lon": np.float64,
                           "key_at": np.int64, "actor_at": np.int64}
_TEXTS = ("key", "actor")  # list columns held as UTF-8 in one blob each (_Snapshot.blobs)
_COLUMNS = ("type", "force", "status", "when_start", "when_end", "count_low",
            "n_mentions", "n_origins", "updated", "place", "home", "outcomes", "confidence",
            "place_entry", "home_entry", "langs", *(f"geo_{i}" for i in range(len(GEO_PATHS))),
            # the rest of a list row (queries.summaries), so that a page needs no query
            "version", "count_high", "place_lat", "place_lon",
            *(f"{name}_{part}" for name in _TEXTS for part in ("at", "size")))
_PLACE_COLUMNS = ("place", "home", "place_entry", "home_entry")  # what the place filter reads
MAX_LANGS = 63  # languages a snapshot tells apart (one bit each in an int64)
_NULLABLE = ("when_start", "count_low", "confidence")  # sorted last when NULL
_NULL_MASKS = (*_NULLABLE, "when_end", "count_high", "place_lat", "place_lon")
_SORT_COLUMNS = {"when": "when_start", "count": "count_low", "mentions": "n_mentions",
                 "origins": "n_origins", "id": None, "updated": "updated",
                 "confidence": "confidence"}


@dataclass
class _StaleMatch:
    """A search word's mask over the rows of an older snapshot (`ids`), and the case ids
    written in each snapshot since, whose matches may have changed."""

    ids: np.ndarray
    mask: np.ndarray
    changed: list[np.ndarray] = field(default_factory=list)

    def again(self) -> _StaleMatch:
        """The same, for a newer copy to add its own writes to."""
        return _StaleMatch(self.ids, self.mask, list(self.changed))

    def changed_ids(self) -> np.ndarray | None:
        """Every case id written since, sorted; None when too many to patch."""
        if sum(len(c) for c in self.changed) > STALE_PATCH_LIMIT:
            return None
        return np.unique(np.concatenate(self.changed)) if self.changed else np.zeros(
            0, dtype=np.int64)


class _Snapshot:
    """The columns of every case at one data version; rows in ascending id order."""

    def __init__(self) -> None:
        self.version: tuple[Any, ...] = ()
        self.ids = np.zeros(0, dtype=np.int64)
        self.data: dict[str, np.ndarray] = {name: np.zeros(0, dtype=_DTYPES.get(name, np.int32))
                                             for name in _COLUMNS}
        self.null: dict[str, np.ndarray] = {name: np.zeros(0, dtype=bool)
                                            for name in _NULL_MASKS}
        # each text column's values end to end; a row's are blob[at:at + size] (size -1:
        # NULL). Patches append, so older snapshots keep reading the bytes they knew.
        self.blobs: dict[str, bytes] = {name: b"" for name in _TEXTS}
        self.words = _Vocabulary()  # type, force, status values
        self.places = _Vocabulary()  # place and home values, worded and canonical
        self.geos = _Vocabulary()  # gazetteer names and regions of place and home (GEO_PATHS)
        self.langs: dict[str, int] = {}  # language code -> its bit in the "langs" column
        self.orders: dict[tuple[str, str], np.ndarray] = {}
        self.matches: OrderedDict[str, np.ndarray] = OrderedDict()  # by search words
        # search words' masks of older snapshots, patched when asked for again (_matching)
        self.stale: OrderedDict[str, _StaleMatch] = OrderedDict()
        self.masks: OrderedDict[Any, np.ndarray] = OrderedDict()  # places, live cases
        self.gates: dict[Any, threading.Lock] = {}  # masks being worked out now
        self.lock = threading.Lock()  # guards `orders`, `matches`, `masks` and `gates`

    def copy(self) -> _Snapshot:
        """A copy to patch while readers go on using this one (whose arrays never change)."""
        other = _Snapshot()
        other.version, other.ids = self.version, self.ids.copy()
        other.data = {name: values.copy() for name, values in self.data.items()}
        other.null = {name: values.copy() for name, values in self.null.items()}
        other.blobs = dict(self.blobs)  # bytes never change: shared
        other.words = _Vocabulary(list(self.words.values), dict(self.words.codes))
        other.places = _Vocabulary(list(self.places.values), dict(self.places.codes))
        other.geos = _Vocabulary(list(self.geos.values), dict(self.geos.codes))
        other.langs = dict(self.langs)
        other.stale = OrderedDict((w, m.again()) for w, m in self.stale.items())
        with self.lock:
            known = list(self.matches.items())
        for words, mask in known:
            other.stale.pop(words, None)
            other.stale[words] = _StaleMatch(self.ids, mask)
        while len(other.stale) > WORD_CACHE_SIZE:
            other.stale.popitem(last=False)
        return other

    def read(self, conn: Connection, case_ids: Sequence[int] | None) -> None:
        """Read `case_ids` (every case when None) from the database into the arrays."""
        query = select(cases.c.id, cases.c.type, cases.c.force, cases.c.status,
                       _days(conn, cases.c.when_start), _days(conn, cases.c.when_end),
                       cases.c.count_low, cases.c.n_mentions, cases.c.n_origins,
                       _seconds(conn, cases.c.updated_at), cases.c.place, cases.c.home,
                       cases.c.confidence, PLACE_ENTRY, HOME_ENTRY,
                       *(cases.c.merged[path].as_string() for path in GEO_PATHS),
                       cases.c.key, cases.c.version, cases.c.count_high, cases.c.place_lat,
                       cases.c.place_lon, cases.c.merged[("actor", "value")].as_string()
                       ).order_by(cases.c.id)
        if case_ids is None:
            outcomes, langs = self._outcomes(conn, None), self._langs(conn, None)
            # a part at a time: a million rows as Python objects would take about 1 GB
            replace = True
            for part in conn.execution_options(yield_per=_BUILD_BATCH).execute(
                    query).partitions():
                self._store(part, outcomes, langs, replace=replace)
                replace = False
            if replace:  # no case at all
                self._store([], outcomes, langs, replace=True)
        else:
            rows: list[Any] = []
            for i in range(0, len(case_ids), _READ_BATCH):
                chunk = list(case_ids[i:i + _READ_BATCH])
                rows.extend(conn.execute(query.where(cases.c.id.in_(chunk))))
            rows.sort(key=lambda r: r[0])
            read = [r[0] for r in rows]
            self._store(rows, self._outcomes(conn, read), self._langs(conn, read),
                        replace=False)
        self.orders.clear()
        self.matches.clear()
        self.masks.clear()
        if case_ids is None:
            self.stale.clear()
        else:
            changed = np.asarray(case_ids, dtype=np.int64)
            for stale in self.stale.values():
                stale.changed.append(changed)

    @staticmethod
    def _outcomes(conn: Connection, case_ids: list[int] | None) -> dict[int, int]:
        """Case id -> bit set of its outcomes (from the search module's outcome table)."""
        bits = {name: 1 << i for i, name in enumerate(OUTCOMES)}
        found: dict[int, int] = {}
        query = f"SELECT case_id, outcome FROM {search.OUTCOMES_TABLE}"
        chunks = ([None] if case_ids is None else
                  [case_ids[i:i + _READ_BATCH] for i in range(0, len(case_ids), _READ_BATCH)])
        for chunk in chunks:
            if chunk is None:
                result = conn.exec_driver_sql(query)
            elif not chunk:
                continue
            else:
                marks = ", ".join(str(int(i)) for i in chunk)  # ints only: nothing to escape
                result = conn.exec_driver_sql(f"{query} WHERE case_id IN ({marks})")
            for case_id, outcome in result:
                found[case_id] = found.get(case_id, 0) | bits.get(outcome, 0)
        return found

    def _langs(self, conn: Connection, case_ids: list[int] | None) -> dict[int, int]:
        """Case id -> bit set of the languages of its mentions' documents."""
        query = (select(mentions.c.case_id, documents.c.lang).distinct()
                 .join(documents, documents.c.id == mentions.c.document_id)
                 .where(mentions.c.case_id.is_not(None), documents.c.lang.is_not(None)))
        rows: list[Any] = []
        if case_ids is None:
            rows = list(conn.execute(query))
        else:
            for i in range(0, len(case_ids), _READ_BATCH):
                chunk = case_ids[i:i + _READ_BATCH]
                if chunk:
                    rows.extend(conn.execute(query.where(mentions.c.case_id.in_(chunk))))
        found: dict[int, int] = {}
        for case_id, lang in rows:
            bit = self.langs.get(lang)
            if bit is None:
                if len(self.langs) >= MAX_LANGS:
                    raise ValueError(f"more than {MAX_LANGS} document languages")
                bit = self.langs[lang] = len(self.langs)
            found[case_id] = found.get(case_id, 0) | (1 << bit)
        return found

    def _store(self, rows: Sequence[Any], outcomes: dict[int, int], langs: dict[int, int],
               replace: bool) -> None:
        n = len(rows)
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
        new = {
            "type": [self.words.code(r[1]) for r in rows],
            "force": [self.words.code(r[2]) for r in rows],
            "status": [self.words.code(r[3]) for r in rows],
            "when_start": [NO_DAY_HIGH if r[4] is None else r[4] for r in rows],
            "when_end": [NO_DAY_LOW if r[5] is None else r[5] for r in rows],
            "count_low": [0 if r[6] is None else r[6] for r in rows],
            "n_mentions": [r[7] for r in rows], "n_origins": [r[8] for r in rows],
            "updated": [r[9] for r in rows],
            "place": [self.places.code(r[10]) for r in rows],
            "home": [self.places.code(r[11]) for r in rows],
            "outcomes": [outcomes.get(r[0], 0) for r in rows],
            # 0 stands in for NULL: the null mask keeps it out of filters and sorts it last
            "confidence": [0.0 if r[12] is None else r[12] for r in rows],
            "place_entry": [self.places.code(r[13]) for r in rows],
            "home_entry": [self.places.code(r[14]) for r in rows],
            "langs": [langs.get(r[0], 0) for r in rows],
        }
        for i in range(len(GEO_PATHS)):
            new[f"geo_{i}"] = [self.geos.code(r[15 + i]) for r in rows]
        more = 15 + len(GEO_PATHS)  # the list row's other columns follow
        new |= {"version": [r[more + 1] for r in rows],
                "count_high": [0 if r[more + 2] is None else r[more + 2] for r in rows],
                "place_lat": [0.0 if r[more + 3] is None else r[more + 3] for r in rows],
                "place_lon": [0.0 if r[more + 4] is None else r[more + 4] for r in rows]}
        arrays: dict[str, np.ndarray] = {
            name: np.array(values, dtype=_DTYPES.get(name, np.int32))
            for name, values in new.items()}
        added: dict[str, bytes] = {}
        for name, column in (("key", more), ("actor", more + 5)):
            added[name], arrays[f"{name}_at"], arrays[f"{name}_size"] = _pack(
                [r[column] for r in rows], 0 if replace else len(self.blobs[name]))
        nulls: dict[str, np.ndarray] = {
            name: np.array([r[column] is None for r in rows], dtype=bool)
            for name, column in (("when_start", 4), ("count_low", 6), ("confidence", 12),
                                 ("when_end", 5), ("count_high", more + 2),
                                 ("place_lat", more + 3), ("place_lon", more + 4))}
        if replace:
            self.ids, self.data, self.null, self.blobs = ids, arrays, nulls, added
            return
        for name in _TEXTS:
            self.blobs[name] += added[name]
        at = np.searchsorted(self.ids, ids)
        known = (at < len(self.ids)) & (self.ids[np.minimum(at, len(self.ids) - 1)] == ids) \
            if len(self.ids) else np.zeros(n, dtype=bool)
        for name in _COLUMNS:
            self.data[name][at[known]] = arrays[name][known]
        for name in self.null:
            self.null[name][at[known]] = nulls[name][known]
        fresh = ~known  # new ids; rows of ids between old ones are merged in id order
        if fresh.any():
            ids_all = np.concatenate([self.ids, ids[fresh]])
            # rows read in id order after the last (a build, a part at a time) just follow
            order = (slice(None) if not len(self.ids) or ids[fresh][0] > self.ids[-1]
                     else np.argsort(ids_all, kind="stable"))
            self.ids = ids_all[order]
            for name in _COLUMNS:
                self.data[name] = np.concatenate([self.data[name], arrays[name][fresh]])[order]
            for name in self.null:
                self.null[name] = np.concatenate([self.null[name], nulls[name][fresh]])[order]
        for name in _TEXTS:
            self._compact(name)

    def _compact(self, name: str) -> None:
        """Pack text column `name` again once patches have left it over half unread."""
        sizes = self.data[f"{name}_size"]
        if len(self.blobs[name]) <= 2 * int(sizes[sizes > 0].sum()) + (1 << 20):
            return
        every = np.arange(len(self.ids))
        self.blobs[name], self.data[f"{name}_at"], self.data[f"{name}_size"] = _pack(
            self._texts(name, every), 0)

    def _texts(self, name: str, rows: np.ndarray) -> list[str | None]:
        blob = self.blobs[name]
        return [None if size < 0 else blob[at:at + size].decode()
                for at, size in zip(self.data[f"{name}_at"][rows].tolist(),
                                    self.data[f"{name}_size"][rows].tolist(), strict=True)]

    def summaries(self, rows: np.ndarray) -> list[dict[str, Any]]:
        """The list rows (queries.summaries) of the cases at positions `rows`, from memory."""
        d, null = self.data, self.null
        words, places = self.words.values + [None], self.places.values + [None]  # -1: NULL

        def column(name: str) -> list[Any]:
            values: list[Any] = d[name][rows].tolist()
            if name in null:
                for i in np.flatnonzero(null[name][rows]).tolist():
                    values[i] = None
            return values

        start, end = column("when_start"), column("when_end")
        return [
            {"id": case_id, "key": key, "status": words[status], "version": version,
             "type": words[kind], "force": words[force], "actor": actor,
             "count": {"low": low, "high": high},
             "when": ({"start": (EPOCH + timedelta(days=a)).isoformat(),
                       "end": (EPOCH + timedelta(days=b)).isoformat()}
                      if a is not None and b is not None else None),
             "home": places[home], "place": places[place], "lat": lat, "lon": lon,
             "n_mentions": n_mentions, "n_origins": n_origins, "confidence": confidence,
             "url": f"/cases/{case_id}", "home_entry": places[home_entry],
             "place_entry": places[place_entry]}
            for (case_id, key, status, version, kind, force, actor, low, high, a, b, home,
                 place, lat, lon, n_mentions, n_origins, confidence, home_entry,
                 place_entry) in zip(
                self.ids[rows].tolist(), self._texts("key", rows), column("status"),
                column("version"), column("type"), column("force"),
                self._texts("actor", rows), column("count_low"), column("count_high"),
                start, end, column("home"), column("place"), column("place_lat"),
                column("place_lon"), column("n_mentions"), column("n_origins"),
                column("confidence"), column("home_entry"), column("place_entry"),
                strict=True)]

    # -- answering ---------------------------------------------------------------------

    def mask(self, engine: Engine, f: CaseFilter) -> np.ndarray:
        """Which rows match filter `f` (checked), as queries.conditions() would say."""
        d = self.data
        keep = np.ones(len(self.ids), dtype=bool)
        for name in ("type", "force"):
            value = getattr(f, name)
            if value is not None:
                keep &= self._word(name, value)
        if f.status is None:  # live cases: as SQL, neither merged nor rejected
            keep &= self._remembered(self.masks, MASK_CACHE_SIZE, "live", self._live)
        elif f.status != "all":
            keep &= self._word("status", f.status)
        if f.place:
            place = f.place
            keep &= self._remembered(self.masks, MASK_CACHE_SIZE, ("place", place),
                                     lambda: self._place(place))
        if f.lang is not None:
            bit = self.langs.get(f.lang)
            if bit is None:
                keep &= False
            else:
                keep &= (d["langs"] & (1 << bit)) != 0
        if f.date_from is not None:
            keep &= d["when_end"] >= (f.date_from - EPOCH).days
        if f.date_to is not None:
            keep &= d["when_start"] <= (f.date_to - EPOCH).days
        if f.min_origins:
            keep &= d["n_origins"] >= f.min_origins
        if f.min_confidence is not None:  # as SQL: a NULL confidence passes no threshold
            keep &= ~self.null["confidence"] & (d["confidence"] >= f.min_confidence)
        if f.outcome is not None:
            keep &= (d["outcomes"] & (1 << OUTCOMES.index(f.outcome))) != 0
        if f.q:
            words = f.q
            keep &= self._remembered(self.matches, WORD_CACHE_SIZE, words,
                                     lambda: self._matching(engine, words))
        return keep

    def _remembered(self, kept: OrderedDict[Any, np.ndarray], size: int, key: Any,
                    compute: Callable[[], np.ndarray]) -> np.ndarray:
        """The mask of a filter that many queries share (a place, live cases, search
        words), kept in `kept` (at most `size`) for this snapshot: 1 MB per million cases.
        A place costs 4 to 20 ms to work out at a million cases, a common search word
        0.5 s of the database's time: requests that ask for the same one at once wait
        for the first to get it."""
        with self.lock:
            found = kept.get(key)
            if found is not None:
                kept.move_to_end(key)
                return found
            gate = self.gates.setdefault((id(kept), key), threading.Lock())
        with gate:
            with self.lock:
                found = kept.get(key)
            if found is None:
                found = compute()
                with self.lock:
                    kept[key] = found
                    while len(kept) > size:
                        kept.popitem(last=False)
            with self.lock:
                self.gates.pop((id(kept), key), None)
        return found

    def _word(self, name: str, value: str) -> np.ndarray:
        """Rows whose column `name` (type, force or status) is `value`: a dozen values in
        all, so each mask is kept (0.3 ms to compare at a million cases)."""
        code = self.words.codes.get(value, -2)
        return self._remembered(self.masks, MASK_CACHE_SIZE, (name, value),
                                lambda: self.data[name] == code)

    def _live(self) -> np.ndarray:
        status = self.data["status"]
        keep = np.ones(len(self.ids), dtype=bool)
        for hidden in HIDDEN:
            keep &= status != self.words.codes.get(hidden, -2)
        return keep

    def _place(self, place: str) -> np.ndarray:
        """Rows whose place or home holds `place` (any case), or whose gazetteer entries
        are the entry or a region that `place` names."""
        needle, entry = place.lower(), place_entry_name(place)
        found = np.zeros(len(self.ids), dtype=bool)
        table = self.places.lookup(lambda value: needle in value.lower() or value == entry)
        for name in _PLACE_COLUMNS:
            _mark(found, self.data[name], table)
        names = place_names(place)  # a region (or town) by any spelling: store.filters
        if names:
            geo = self.geos.lookup(lambda value: value in names)
            for i in range(len(GEO_PATHS)):
                _mark(found, self.data[f"geo_{i}"], geo)
        return found

    def _matching(self, engine: Engine, words: str) -> np.ndarray:
        """Rows whose evidence holds every word (full-text index)."""
        found = np.zeros(len(self.ids), dtype=bool)
        if not search.fts_query(words):
            found[:] = True
            return found
        with self.lock:
            stale = self.stale.pop(words, None)
        changed = stale.changed_ids() if stale is not None else None
        if stale is None or changed is None or len(changed) > STALE_PATCH_LIMIT:
            with engine.connect() as conn:
                self._mark_ids(found, np.array(search.matching_ids(conn, words), dtype=np.int64))
            return found
        # the mask of an older snapshot, moved onto this one's rows; only the cases written
        # since are asked about again (a common word's whole fetch is 0.5 s at a million)
        self._mark_ids(found, stale.ids[stale.mask])
        self._mark_ids(found, changed, False)
        with engine.connect() as conn:
            self._mark_ids(found, np.array(search.matching_ids(conn, words, among=changed.tolist()),
                                           dtype=np.int64))
        return found

    def _mark_ids(self, mask: np.ndarray, ids: np.ndarray, value: bool = True) -> None:
        """Set `mask` to `value` at the rows of those of `ids` that this snapshot holds."""
        at = np.searchsorted(self.ids, ids)
        inside = at < len(self.ids)
        at, ids = at[inside], ids[inside]
        mask[at[self.ids[at] == ids]] = value

    def order(self, sort: str, direction: str) -> np.ndarray:
        """Row positions in the order ORDER BY <sort> <dir> NULLS LAST, id <dir> gives.

        One sort per key (about 75 ms at a million cases): the descending order is
        the ascending one's valued rows reversed, then its NULL rows reversed, as ties
        go by id in the same direction. Positions are 4-byte (4 MB an order per
        million cases).
        """
        found = self.orders.get((sort, direction))
        if found is not None:
            return found
        column = _SORT_COLUMNS[sort]
        up = self.orders.get((sort, "asc"))
        if up is None:
            values = self.ids if column is None else self.data[column]
            nulls = self.null.get(column or "", np.zeros(len(self.ids), dtype=bool))
            # np.lexsort: the last key is the primary one
            up = np.lexsort((self.ids, values, nulls)).astype(np.int32)
        valued = len(self.ids) - int(np.count_nonzero(self.null.get(column or "", [])))
        down = np.concatenate([up[:valued][::-1], up[valued:][::-1]])
        with self.lock:
            self.orders[(sort, "asc")], self.orders[(sort, "desc")] = up, down
        return up if direction == "asc" else down

    def sorted(self, rows: np.ndarray, sort: str, direction: str) -> np.ndarray:
        """Rows `rows` in the order that order(sort, direction) puts them in."""
        column = _SORT_COLUMNS[sort]
        ids = self.ids[rows]
        values = ids if column is None else self.data[column][rows]
        nulls = (self.null[column][rows] if column in self.null
                 else np.zeros(len(rows), dtype=bool))
        sign = 1 if direction == "asc" else -1
        return rows[np.lexsort((sign * ids, sign * values, nulls))]

    def warm(self) -> None:
        """Sort every order now (about 0.5 s at a million cases), not on its first page."""
        for sort in _SORT_COLUMNS:
            self.order(sort, "asc")


class CaseIndex:
    """The snapshots of the stores one process serves, each kept at its data version."""

    def __init__(self) -> None:
        self._snapshots: dict[str, _Snapshot] = {}
        self._lock = threading.Lock()

    def snapshot(self, engine: Engine, version: tuple[Any, ...] | None = None) -> _Snapshot:
        """The snapshot for `engine` at data version `version` (read now when None)."""
        key = str(engine.url)
        snap = self._snapshots.get(key)
        if snap is not None and version is not None and snap.version == version:
            return snap
        with self._lock:  # one reader brings it up to date; the others wait for it
            snap = self._snapshots.get(key)
            with engine.connect() as conn:
                if snap is not None and snap.version == search.data_version(conn):
                    return snap
            search.refresh(engine)  # the outcome and full-text tables, read below
            # a new connection (so a new read transaction) sees what refresh() wrote
            with engine.connect() as conn:
                version = search.data_version(conn)  # read first: a later write moves it
                if snap is not None:
                    snap = snap.copy()
                    snap.read(conn, search.changed_cases(conn, snap.version))
                    total = conn.execute(select(func.count()).select_from(cases)).scalar_one()
                    if total != len(snap.ids):  # a case was deleted: read everything again
                        snap = None
                if snap is None:
                    snap = _Snapshot()
                    snap.read(conn, None)
            snap.version = version
            self._snapshots[key] = snap
            return snap

    def search(self, engine: Engine, f: CaseFilter, version: tuple[Any, ...] | None = None
               ) -> tuple[int, list[int]]:
        """(how many cases match `f`, the ids of its page in sort order).

        `version`: the store's search.data_version(), when the caller has just read it.
        """
        snap = self.snapshot(engine, version)
        total, rows = self._page(snap, engine, f)
        return total, snap.ids[rows].tolist()

    def page(self, engine: Engine, f: CaseFilter, version: tuple[Any, ...] | None = None
             ) -> tuple[int, list[dict[str, Any]]]:
        """(how many cases match `f`, the list rows of its page), all from memory: the
        rows queries.summaries() would read for the page's ids."""
        snap = self.snapshot(engine, version)
        total, rows = self._page(snap, engine, f)
        return total, snap.summaries(rows)

    def warm(self, engine: Engine) -> None:
        """Read the store and sort every order now, before the first visitor asks."""
        self.snapshot(engine).warm()

    @staticmethod
    def _page(snap: _Snapshot, engine: Engine, f: CaseFilter) -> tuple[int, np.ndarray]:
        keep = snap.mask(engine, f)
        total = int(np.count_nonzero(keep))
        first = (f.page - 1) * f.per_page
        if total * _SPARSE < len(keep):  # few matches: sorting them beats walking the order
            return total, snap.sorted(np.flatnonzero(keep), f.sort, f.order)[
                first:first + f.per_page]
        return total, _first_matching(snap.order(f.sort, f.order), keep,
                                      first + f.per_page)[first:]


def _mark(found: np.ndarray, codes: np.ndarray, table: np.ndarray) -> None:
    """Set `found` where `table` (over codes, NULL last) accepts `codes`. A few accepted
    codes are compared one by one (0.2 ms each over a million rows); many, looked up
    (np.take: 1.4 ms, whatever their number)."""
    accepted = np.flatnonzero(table[:-1])
    if len(accepted) <= 4:
        for code in accepted.tolist():
            found |= codes == code
    else:
        found |= np.take(table, codes)  # code -1 reads the NULL slot (never accepted)


def _pack(values: Sequence[str | None], offset: int) -> tuple[bytes, np.ndarray, np.ndarray]:
    """Strings end to end as UTF-8, with where each starts (after `offset`) and its size
    in bytes (-1 for None): about 60 bytes a case for key and actor, a third of what
    Python strings would take."""
    encoded = [b"" if v is None else v.encode() for v in values]
    sizes = np.fromiter((len(e) for e in encoded), dtype=np.int32, count=len(encoded))
    starts = np.zeros(len(encoded), dtype=np.int64)
    if len(encoded):
        starts[1:] = np.cumsum(sizes[:-1], dtype=np.int64)
    sizes[[i for i, v in enumerate(values) if v is None]] = -1
    return b"".join(encoded), starts + offset, sizes


# A filter that keeps under 1/_SPARSE of the cases has its matches sorted (4,000 at a
# million cases: 0.3 ms); a denser one finds its page walking the order (a few blocks)
_SPARSE = 256
_SCAN = 65_536  # rows of the sort order checked at a time for a page's matches


def _first_matching(order: np.ndarray, keep: np.ndarray, wanted: int) -> np.ndarray:
    """The first `wanted` positions of `order` that `keep` accepts (fewer if there are not
    as many). Read a block of the order at a time: a page is usually found in the first
    block, where gathering the whole order costs ~10 ms at a million cases."""
    found: list[np.ndarray] = []
    seen = 0
    for start in range(0, len(order), _SCAN):
        block = order[start:start + _SCAN]
        hits = block[keep[block]]
        found.append(hits)
        seen += len(hits)
        if seen >= wanted:
            break
    return np.concatenate(found)[:wanted] if found else order[:0]
