"""Incremental linking: new mentions re-clustered only with what they can reach.

    >>> link_new(store)   # after an ingest: the same cases a full relink gives  # doctest: +SKIP
    LinkSummary(mentions=212, cases=61, moved=9, ...)

Why this equals a full relink (link.store.relink). Clustering (cases.cluster)
joins two clusters only along an accepted pair, and whether it may do so reads
only the two clusters' mentions. So mentions fall apart into the connected
components of the graph of accepted pairs (candidate pairs that share a block,
scored as linked), and each component is clustered on its own, in the same order
(edges by score, then sorted position, which a subset keeps). A store that a
link left behind is that clustering; a new mention changes only the components
it joins, and these are what this module collects and links again:

1. seeds: the mentions waiting to be linked (new, or in a case that lost a
   mention: `Store.pending_mention_ids`), and the mentions of the cases and
   mention keys named by review actions since the last link (`reviewed_since`):
   a pin, split, merge, status or correction changes what holds a key;
2. closure, until nothing is added: every mention in the set brings the mentions
   now in its case (and a pinned one those of the case it is pinned to), and
   those of its component (`link_components`: the label every link writes for
   the components it made, cases.components); every unpinned seed, and any
   mention without a label, looks up the mentions that share a block with it in
   `link_blocks` (Store.block_members) and brings those it links with
   (pairs.compare: an accepted pair; pairs.cannot_link rules most out cheaply);
3. those mentions are linked and written exactly as a full relink writes them
   (link.store.place_mentions: pins, held keys of touched cases, corrections,
   rejected mentions), and only their cases are touched; their components are
   labelled again.

Why old mentions need no scoring: two mentions that are neither new nor
corrected compare as they did at the link that labelled them, so if they link,
they share a label; a seed brings its old label too, for the partners its
correction may have lost. So the set is closed under accepted pairs, a union of
components. A label may cover more than one component (a deleted mention's
component is not split until a link reaches it), which costs work, not results.

A deleted mention needs no more: its case's other mentions wait (store
_release_cases), and a component that held none of its case mates clustered
the same without it. When the set grows past `MAX_COMPONENT` mentions, a full
relink is cheaper than chasing it, and runs instead (the summary says `full`).

`link_blocks` holds each mention's blocks (cases.block_keys) hashed with their
role: a mention's rows are its memberships ("m") and probes ("p"); to find its
neighbours it looks up the members of its identity blocks and of the blocks it
probes, and the probers of the probe-only blocks it belongs to. A full relink
(re)builds the table when it is missing or made by another BLOCKS_VERSION, and
writes every label.
"""

from __future__ import annotations

import gc
import hashlib
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from .cases import PROBE_ONLY, Known, block_keys
from .corrections import corrected, field_corrections
from .features import MentionRef, Profile, profile
from .pairs import PairScore, cannot_link, compare
from .store import (
    LinkSummary,
    place_mentions,
    review_rows,
    run_passes,
    stored_refs,
    touched_cases,
    touched_keys,
)

if TYPE_CHECKING:
    from otkaz.store import Store
    from otkaz.store.linkindex import LinkMention, LinkState

# Bump when block_keys() changes (or the gazetteer its place keys read): the next link
# then relinks everything and rebuilds link_blocks and link_components.
# 2: link_components (migration 0010) is filled by that relink; block ids lead with
#    their period (block_hash).
BLOCKS_VERSION = 2
MAX_COMPONENT = 50_000  # mentions gathered before a full relink is the cheaper way


PERIOD_SHIFT = 48  # a block's period (months since year 0) above a 48-bit hash


def block_period(key: tuple[str, ...]) -> int:
    """Months since year 0 of the last month ("2022-11") or year ("2022") a block key
    names, 0 when it names none ("undated")."""
    for part in reversed(key[1:]):
        if len(part) in (4, 7) and part[:4].isdigit() and (len(part) == 4 or (
                part[4] == "-" and part[5:].isdigit())):
            return int(part[:4]) * 12 + (int(part[5:]) - 1 if len(part) == 7 else 0)
    return 0


@lru_cache(maxsize=1 << 18)  # mentions share most of their blocks: hash each key once
def block_hash(role: str, key: tuple[str, ...]) -> int:
    """A 64-bit id of a block key with its role ("m" member, "p" probe): its period in
    the high bits, so that the rows of one month lie together in link_blocks (a link
    of today's news writes and reads a few pages, not one page per row), and a hash.

        >>> key = ("place", "tomsk", "2022-11")
        >>> block_hash("m", key) == block_hash("m", key) != block_hash("p", key)
        True
        >>> block_hash("m", key) >> PERIOD_SHIFT == 2022 * 12 + 10
        True
    """
    digest = hashlib.blake2b("\x1f".join((role, *key)).encode("utf-8"), digest_size=6).digest()
    period = min(block_period(key), (1 << (63 - PERIOD_SHIFT)) - 1)  # stays a signed 64-bit
    return period << PERIOD_SHIFT | int.from_bytes(digest, "big")


def mention_blocks(p: Profile) -> tuple[set[int], set[int]]:
    """(the mention's rows in link_blocks, the hashes whose rows are its candidates).

    Candidates are the members of its identity blocks and of the blocks it probes,
    and the probers of the probe-only blocks it is a member of: the pairs that
    cases.candidate_pairs forms.
    """
    member_of, probe_of = block_keys(p)
    rows = {block_hash("m", k) for k in member_of} | {block_hash("p", k) for k in probe_of}
    lookups = {block_hash("p" if k[0] in PROBE_ONLY else "m", k) for k in member_of}
    lookups |= {block_hash("m", k) for k in probe_of}
    return rows, lookups


@dataclass
class _Gathered:
    """The mentions collected so far, and the candidates read but not (yet) taken."""

    store: Store
    pins: dict[str, str]
    fixes: dict[str, dict[str, object]]
    refs: dict[int, MentionRef] = field(default_factory=dict)  # taken: id -> ref
    current: dict[int, int | None] = field(default_factory=dict)  # taken: id -> case now
    seen: dict[int, tuple[MentionRef, int | None, Profile]] = field(default_factory=dict)
    blocks: dict[int, tuple[set[int], set[int]]] = field(default_factory=dict)  # rows, lookups
    scores: dict[tuple[str, str], PairScore] = field(default_factory=dict)  # earlier key first
    ruled_out: set[tuple[str, str]] = field(default_factory=set)  # by cannot_link, keyed alike
    labels: dict[int, int] = field(default_factory=dict)  # taken: id -> component label
    comparisons: int = 0

    def read(self, ids: Iterable[int]) -> list[int]:
        """Load the mentions of `ids` not read yet; the ids that exist (all asked)."""
        missing = [i for i in ids if i not in self.seen]
        for m in self.store.link_mentions_by_ids(missing):
            self.seen[m.mention.id] = self._ref(m)
        return [i for i in ids if i in self.seen]

    def _ref(self, m: LinkMention) -> tuple[MentionRef, int | None, Profile]:
        s = m.mention
        incident = corrected(s.incident, self.fixes.get(s.mention_key, {}))
        ref = MentionRef(s.mention_key, m.sha256, incident, m.published, m.outlet, s.id)
        return ref, s.case_id, profile(ref)

    def blocks_of(self, i: int) -> tuple[set[int], set[int]]:
        found = self.blocks.get(i)
        if found is None:
            found = self.blocks[i] = mention_blocks(self.seen[i][2])
        return found

    def take(self, ids: Iterable[int]) -> list[int]:
        """Add these (read) mentions to the set; those that were not in it yet."""
        new = []
        for i in ids:
            if i in self.refs or i not in self.seen:
                continue
            ref, case_id, _ = self.seen[i]
            self.refs[i], self.current[i] = ref, case_id
            new.append(i)
        return new

    def linked_neighbours(self, frontier: list[int]) -> set[int]:
        """Mentions outside the set that an unpinned frontier mention links with."""
        by_hash: dict[int, list[int]] = {}
        for i in frontier:
            if self.seen[i][0].key in self.pins:
                continue  # a pinned mention is placed by its reviewer, not linked
            for h in self.blocks_of(i)[1]:
                by_hash.setdefault(h, []).append(i)
        if not by_hash:
            return set()
        shared = self.store.block_members(by_hash)  # neighbour -> the blocks it shares
        ids = sorted(shared.keys() - self.refs.keys())
        found: set[int] = set()
        for j in self.read(ids):
            if self.seen[j][0].key in self.pins:
                continue
            prof_j = self.seen[j][2]
            partners = {i for h in shared[j] for i in by_hash[h]}
            if any(self._links(self.seen[i][2], prof_j) for i in sorted(partners)):
                found.add(j)
        return found

    def _links(self, a: Profile, b: Profile) -> bool:
        first, second = (a, b) if a.order <= b.order else (b, a)  # as cases._Scorer orients
        pair = (first.ref.key, second.ref.key)
        score = self.scores.get(pair)
        if score is None:
            if pair in self.ruled_out or cannot_link(first, second):
                self.ruled_out.add(pair)  # never scored, nor again in link_mentions
                return False
            score = self.scores[pair] = compare(first, second)
            self.comparisons += 1
        return score.linked


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off while an incremental link runs.

        >>> with gc_paused(): ...  # doctest: +SKIP

    A link builds a few hundred thousand small objects (rows, profiles, scores) that
    reference counting frees; the collector's repeated passes over them took a fifth
    of the link's time (bench/linking_incremental.py). The part linked is bounded
    (MAX_COMPONENT), so the cycles it may leave are few, and the collector takes them
    once it runs again. A full relink keeps the collector running.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:  # only who turned it off turns it back on (a link in another thread)
            gc.enable()


def _seeds(store: Store, state: LinkState) -> set[int]:
    case_ids, keys = store.reviewed_since(state.review_id)
    return (set(store.pending_mention_ids()) | store.mention_ids_of_cases(case_ids)
            | store.mention_ids_by_keys(keys))


def gather(got: _Gathered, seeds: Collection[int], limit: int = MAX_COMPONENT) -> bool:
    """Take the closure of `seeds` into `got` (the module's step 2); False past `limit`."""
    store, pins = got.store, got.pins
    got.read(sorted(seeds))
    frontier = got.take(sorted(seeds))
    cases_seen: set[int] = set()
    labels_seen: set[int] = set()
    while frontier:
        if len(got.refs) > limit:
            return False
        case_ids = {c for c in (got.current[i] for i in frontier) if c is not None}
        pinned_to = {pins[got.refs[i].key] for i in frontier if got.refs[i].key in pins}
        case_ids |= {c.id for c in store.cases_by_keys(pinned_to).values()}
        case_ids -= cases_seen
        cases_seen |= case_ids
        labels = store.mention_components(frontier)
        got.labels.update(labels)
        new_labels = set(labels.values()) - labels_seen
        labels_seen |= new_labels
        more = store.mention_ids_of_cases(case_ids) | store.mention_ids_of_components(new_labels)
        # a seed may link anew; a mention with no label (none linked it since the table
        # came) is followed through its blocks as a seed is
        more |= got.linked_neighbours([i for i in frontier if i in seeds or i not in labels])
        frontier = got.take(got.read(sorted(more - got.refs.keys())))
    return True


def _write_seed_blocks(store: Store, got: _Gathered, seeds: Collection[int]) -> None:
    store.write_blocks({i: got.blocks_of(i)[0] for i in seeds if i in got.seen})


def link_new(store: Store) -> LinkSummary:
    """Link the waiting mentions (and those reviewers acted on) incrementally.

        >>> link_new(store).mentions  # the mentions re-clustered  # doctest: +SKIP
        212

    Runs as link.store.relink does (the link lock, again while other writers
    change the mentions); a full relink when link_blocks is not built yet.
    """
    def once(state: LinkState, review_top: int) -> LinkSummary:
        if state.blocks_version != BLOCKS_VERSION:
            return full_pass(store, state, review_top, rebuild=True)
        return incremental_pass(store, state)

    return run_passes(store, once)


def incremental_pass(store: Store, state: LinkState, limit: int = MAX_COMPONENT
                     ) -> LinkSummary:
    """One incremental link (the module's steps 1-3), or a full one past `limit`."""
    started = time.perf_counter()
    seeds = _seeds(store, state)
    if not seeds:
        return LinkSummary(incremental=True)
    pins, fixes = review_rows(store)
    mention_fixes = field_corrections(store.mention_overrides())
    got = _Gathered(store, pins, mention_fixes)
    with gc_paused():
        got.read(sorted(seeds))
        _write_seed_blocks(store, got, seeds)
        complete = gather(got, seeds, limit)
    if not complete:
        summary = full_pass(store, state, 0, rebuild=False, seeds=seeds)
        summary.fallback = True
        return summary
    ids = sorted(got.refs)
    refs = [got.refs[i] for i in ids]
    keys = {r.key for r in refs}
    held_cases = store.case_keys(c for c in got.current.values() if c is not None)
    targets = store.cases_by_keys({v for k, v in pins.items() if k in keys})
    key_of = touched_keys([*held_cases.values(), *targets.values()], pins, fixes)
    labels = {got.refs[i].key: label for i, label in got.labels.items()
              if i not in seeds}  # a seed may have changed since its label
    known = Known(profiles={got.seen[i][0].key: got.seen[i][2] for i in ids},
                  scores=got.scores, ruled_out=got.ruled_out, labels=labels)
    with gc_paused():
        summary = place_mentions(store, refs, got.current, pins, fixes, key_of,
                                 store.rejected_mentions(), emptied=held_cases.keys(),
                                 known=known, settled=_settled(
                                     got.current, {c.id: c.key for c in held_cases.values()},
                                     seeds))
    summary.comparisons += got.comparisons
    summary.seconds = time.perf_counter() - started
    summary.incremental = True
    return summary


def _settled(current: Mapping[int, int | None], keys_now: Mapping[int, str],
             seeds: Collection[int]) -> Callable[[str, list[MentionRef]], int | None]:
    """place_mentions' `settled`: a case found again as it is stored, under its key, with
    all its mentions (the set holds every mention of the cases it reaches) and none of
    them changed since the link that wrote its record: a change to a mention, or a
    reviewer's decision on it or its case, makes it a seed."""
    sizes = Counter(current.values())

    def settled(key: str, members: list[MentionRef]) -> int | None:
        ids = [m.id for m in members if m.id is not None]
        case_ids = {current.get(i) for i in ids}
        if len(ids) != len(members) or len(case_ids) != 1 or any(i in seeds for i in ids):
            return None
        case_id = case_ids.pop()
        if case_id is None or keys_now.get(case_id) != key or sizes[case_id] != len(members):
            return None
        return case_id

    return settled


def full_pass(store: Store, state: LinkState, review_top: int, *, rebuild: bool,
              seeds: Collection[int] | None = None) -> LinkSummary:
    """One full relink (link.store's rules over every mention); `link_blocks` is rebuilt
    whole when `rebuild` or outdated, else written for the seeds only."""
    del review_top  # run_passes records it
    started = time.perf_counter()
    rebuild = rebuild or state.blocks_version != BLOCKS_VERSION
    if not rebuild and seeds is None:
        seeds = _seeds(store, state)
    refs, current = stored_refs(store)
    pins, fixes = review_rows(store)
    key_of = {c.id: c.key for c in touched_cases(store, pins, fixes)}
    summary = place_mentions(store, refs, current, pins, fixes, key_of, store.rejected_mentions())
    if rebuild:
        store.rebuild_blocks(((r.id, mention_blocks(profile(r))[0]) for r in refs
                              if r.id is not None), BLOCKS_VERSION)
    else:
        wanted = set(seeds or ())
        store.write_blocks({r.id: mention_blocks(profile(r))[0] for r in refs
                            if r.id is not None and r.id in wanted})
    summary.seconds = time.perf_counter() - started
    return summary
