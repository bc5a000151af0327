"""Group mentions of one real incident across documents into cases, in near-linear time.

    >>> result = link_mentions(refs)  # doctest: +SKIP
    >>> result.cases  # case key -> its mentions, earliest report first  # doctest: +SKIP
    {'case-3f0c...': [MentionRef(...), MentionRef(...)], ...}

How:
1. Every mention gets a profile (features.py) and is sorted by content
   (published date, document, evidence offset, mention key), so nothing below
   depends on input order.
2. Blocking: a mention joins blocks keyed by its place names (home and place,
   resolved region or spelling skeleton) and its unit numbers and names, each
   with the months its event date touches (widened by half the allowed date gap;
   undated mentions use the 90 days before publication). Mentions with no place
   and no unit are "probes": they are also compared, within their force family,
   month and count magnitude, with every mention there (a probe dated to a
   month or less also meets those that state no count, and one that states
   none meets every count); undated mentions also
   probe their places and units over the year of publication and the year
   before. A mention that names only where the men come from (home, no place)
   and one that names only where it happened (place, no home) share no place
   key, so a stated count of at least `FACET_MIN_COUNT` also puts the first in
   a "facet" block (force family, count, month) that the second probes: a
   regional outlet's "15 men from Chuvashia" meets a national outlet's "15
   soldiers near Kupiansk". Pairs are only scored inside blocks, never across
   all mentions, and most fail a cheap veto (pairs.cannot_link: force family,
   dates, counts, unit numbers) before their places and names are compared.
3. Clustering: accepted pairs are taken strongest first (ties by sorted
   position) and join two clusters only when no pair across them is vetoed,
   none shares a document, and their average score stays above half the
   threshold (no chaining of A~B~C when A and C disagree). The mentions that
   accepted pairs join are a component (`LinkResult.components`): no case spans
   two, which is what lets link.incremental relink one part of a store.
4. A case's key is a hash of its earliest mention's key, so the same input in any
   order gives the same keys.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations
from math import floor, log2

from otkaz.models import Range, Report

from .features import MentionRef, PlaceInfo, Profile, profile
from .pairs import MAX_DATE_GAP_DAYS, THRESHOLD, PairScore, _skeleton, cannot_link, compare

UNDATED_LOOKBACK_DAYS = 90
ALL_COUNT_BUCKETS = [*(str(b) for b in range(20)), "?"]  # every count_buckets() value
FACET_MIN_COUNT = 3  # smaller exact counts ("a soldier", "two men") are too common to block on
_FAMILIES = ("military", "security", "pmc", "proxy", "-")


@dataclass
class LinkResult:
    """Cases found (key -> mentions, earliest report first) and how much work it took."""

    cases: dict[str, list[MentionRef]]
    comparisons: int = 0
    candidate_pairs: int = 0
    blocks: int = 0
    largest_block: int = 0
    # the mentions joined by accepted pairs: a case never spans two (link.incremental)
    components: list[list[MentionRef]] = field(default_factory=list)

    def case_of(self) -> dict[str, str]:
        """Mention key -> case key."""
        return {m.key: key for key, members in self.cases.items() for m in members}

    def clusters(self) -> list[list[str]]:
        """The cases as lists of mention keys, for comparisons in tests."""
        return [[m.key for m in members] for members in self.cases.values()]


def case_key(anchor: MentionRef) -> str:
    """The stable key of the case whose earliest mention is `anchor`."""
    return "case-" + hashlib.sha1(anchor.key.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------- blocking


def _months(start: date, end: date) -> list[str]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def date_buckets(p: Profile) -> list[str]:
    """Months in which a pair partner's event may fall; two mentions that may link share one."""
    half = timedelta(days=MAX_DATE_GAP_DAYS // 2 + 1)
    if p.when is not None:
        return _months(p.when.start - half, p.when.end + half)
    if p.published is not None:
        return _months(p.published - timedelta(days=UNDATED_LOOKBACK_DAYS), p.published + half)
    return ["undated"]


def _magnitudes(count: Range) -> list[str]:
    low = count.low if count.low is not None else 1
    high = count.high if count.high is not None else low * 4
    lo_b = floor(log2(max(1.0, low * 0.8 - 1)))
    hi_b = floor(log2(max(1.0, high * 1.25 + 1)))
    return [str(b) for b in range(lo_b, hi_b + 1)]


def count_buckets(p: Profile) -> list[str]:
    """Magnitudes (powers of two) a compatible count may have; "?" when no count is given.

    A partitive actor ("two of the twelve") also takes its group's magnitudes.
    """
    if p.count is None:
        return ["?"]
    buckets = _magnitudes(p.count)
    if p.group_count is not None and p.group_count.low is not None:
        buckets = sorted(set(buckets) | set(_magnitudes(p.group_count)), key=int)
    return buckets


def _place_keys(info: PlaceInfo | None) -> set[str]:
    if info is None or info.precision == "country":
        return set()
    keys = {_skeleton(info.key)} if info.key else set()
    if info.region:
        keys.add(_skeleton(info.region))
    return {k for k in keys if k}


def _years(p: Profile) -> list[str]:
    """Years an undated report's event may fall in (the year before publication too)."""
    if p.when is not None:
        return [str(y) for y in range(p.when.start.year, p.when.end.year + 1)]
    if p.published is not None:
        return [str(p.published.year - 1), str(p.published.year)]
    return ["undated"]


def exact_count(p: Profile) -> int | None:
    """The stated count when it is one number of at least FACET_MIN_COUNT, else None."""
    if p.count is None or p.count.low is None or p.count.low != p.count.high:
        return None
    return p.count.low if p.count.low >= FACET_MIN_COUNT else None


def facet_keys(p: Profile, months: list[str], has_home: bool,
               has_place: bool) -> tuple[set[tuple[str, ...]], bool]:
    """("facet", family, count, month) keys of a mention with a count and one place role.

    The flag says whether the mention probes them (a place but no home) rather
    than belongs to them (a home but no place).
    """
    n = exact_count(p)
    if n is None or has_home == has_place:
        return set(), False
    families = [p.family] if p.family else list(_FAMILIES)
    return {("facet", f, str(n), m) for f in families for m in months}, has_place


def block_keys(p: Profile) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """(blocks the mention belongs to, blocks where it probes every member).

    Mentions in an identity block ("place", "unit", "unitname") are compared
    pairwise; in a probe-only block ("force", "longtime") only a probe meets
    the members. Undated mentions probe the "longtime" blocks of their places
    and units, so a report months later without a date still meets the
    original.
    """
    months = date_buckets(p)
    ids: set[tuple[str, ...]] = set()
    home_keys, place_keys = _place_keys(p.home), _place_keys(p.place)
    for key in home_keys | place_keys:
        ids.add(("place", key))
    for number, kind in p.numbers:
        ids.add(("unit", number, kind))
    for name in p.unit.names:
        ids.add(("unitname", name))
    identity = {(*i, m) for i in ids for m in months}
    longtime = {("longtime", *i, y) for i in ids for y in _years(p)}
    families = [p.family] if p.family else list(_FAMILIES)
    buckets = count_buckets(p)
    coarse: set[tuple[str, ...]] = {
        ("force", f, m, c) for f in families for m in months for c in buckets}
    # a probe meets the mentions of its count magnitude; a dated one (a month or less) also
    # those that state no count, and, stating none itself, every count
    probed = buckets
    if p.when is not None and (p.when.end - p.when.start).days <= 31:
        probed = ALL_COUNT_BUCKETS if buckets == ["?"] else [*buckets, "?"]
    probes: set[tuple[str, ...]] = set() if ids else {
        ("force", f, m, c) for f in families for m in months for c in probed}
    coarse |= probes  # a probe is a member where it probes (probes meet probes there)
    if p.when is None:
        probes |= longtime
    facets, probing = facet_keys(p, months, bool(home_keys), bool(place_keys))
    if probing:
        probes |= facets
        facets = set()
    return identity | longtime | coarse | facets, probes


PROBE_ONLY = ("force", "longtime", "facet")


def _block_pairs(block: list[int], labels: Sequence[int | None] | None
                 ) -> Iterable[tuple[int, int]]:
    """The pairs (i < j) of one identity block (its indices ascending), those of two
    different labels left out."""
    if labels is None:
        return combinations(block, 2)
    free = [i for i in block if labels[i] is None]
    if len(free) == len(block):
        return combinations(block, 2)
    out = list(combinations(free, 2))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in block:
        label = labels[i]
        if label is not None:
            groups[label].append(i)
    for group in groups.values():
        out.extend(combinations(group, 2))
        out.extend((i, j) if i < j else (j, i) for i in free for j in group)
    return out


def candidate_pairs(profiles: Sequence[Profile], labels: Sequence[int | None] | None = None
                    ) -> tuple[set[tuple[int, int]], int, int]:
    """Index pairs (i < j) that share a block; also the number of blocks and the largest.

    `labels` (Known.labels, by index): the pairs of two different labels are left out.
    """
    members: dict[tuple[str, ...], list[int]] = defaultdict(list)
    probes: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        member_of, probe_of = block_keys(p)
        for key in member_of:
            members[key].append(i)
        for key in probe_of:
            probes[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for key, block in members.items():
        if key[0] not in PROBE_ONLY:
            pairs.update(_block_pairs(block, labels))
    for key, probing in probes.items():
        block = members.get(key, [])
        for i in probing:
            mine = labels[i] if labels is not None else None
            for j in block:
                theirs = labels[j] if labels is not None else None
                if i != j and (mine is None or theirs is None or mine == theirs):
                    pairs.add((i, j) if i < j else (j, i))
    largest = max((len(b) for b in members.values()), default=0)
    return pairs, len(members), largest


# ---------------------------------------------------------------- clustering


@dataclass
class Known:
    """What a caller of link_mentions knows already (link.incremental), so as not to redo it.

    `profiles` by mention key; `scores` by the two mention keys, earlier one first, and
    `ruled_out`, the pairs that pairs.cannot_link ruled out, keyed alike; `labels`:
    mention key -> the component label of a mention that an earlier link compared with
    every candidate and that has not changed since: two mentions with different labels
    do not link, so their pair is not a candidate (it is scored only when two clusters
    meet, as any pair is).
    """

    profiles: Mapping[str, Profile] = field(default_factory=dict)
    scores: Mapping[tuple[str, str], PairScore] = field(default_factory=dict)
    ruled_out: Collection[tuple[str, str]] = ()
    labels: Mapping[str, int] = field(default_factory=dict)


@dataclass
class _Scorer:
    profiles: Sequence[Profile]
    cache: dict[tuple[int, int], PairScore] = field(default_factory=dict)
    ruled_out: set[tuple[int, int]] = field(default_factory=set)  # by pairs.cannot_link
    comparisons: int = 0

    def __call__(self, i: int, j: int) -> PairScore:
        pair = (i, j) if i < j else (j, i)
        found = self.cache.get(pair)
        if found is None:
            found = compare(self.profiles[pair[0]], self.profiles[pair[1]])
            self.cache[pair] = found
            self.comparisons += 1
        return found

    def accepted(self, i: int, j: int) -> PairScore | None:
        """The pair's score when it links, else None; a pair that the cheap vetoes rule
        out (pairs.cannot_link) is not scored."""
        pair = (i, j) if i < j else (j, i)
        found = self.cache.get(pair)
        if found is None:
            if pair in self.ruled_out or cannot_link(self.profiles[i], self.profiles[j]):
                return None
            found = self(i, j)
        return found if found.linked else None


def _may_merge(a: list[int], b: list[int], profiles: Sequence[Profile], score: _Scorer) -> bool:
    docs_a = {profiles[i].ref.document_id for i in a}
    if any(profiles[j].ref.document_id in docs_a for j in b):
        return False
    total = 0.0
    for i in a:
        for j in b:
            s = score(i, j)
            if s.veto is not None:
                return False
            total += s.score
    return total / (len(a) * len(b)) >= THRESHOLD / 2


def accepted_edges(pairs: Iterable[tuple[int, int]], score: _Scorer
                   ) -> list[tuple[float, int, int]]:
    """The candidate pairs that link, as (-score, i, j), strongest first (ties by position)."""
    edges = []
    for i, j in pairs:
        s = score.accepted(i, j)
        if s is not None:
            edges.append((-s.score, i, j))
    edges.sort()
    return edges


def _find(root: list[int], i: int) -> int:
    """The representative of `i` in a union-find forest, halving the path as it goes."""
    while root[i] != i:
        root[i] = root[root[i]]
        i = root[i]
    return i


def cluster(profiles: Sequence[Profile], edges: Iterable[tuple[float, int, int]],
            score: _Scorer) -> list[list[int]]:
    """Clusters of profile indices from the accepted pairs (accepted_edges), strongest
    first (order-free)."""
    root = list(range(len(profiles)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(profiles))}

    for _, i, j in edges:
        ri, rj = _find(root, i), _find(root, j)
        if ri == rj or not _may_merge(members[ri], members[rj], profiles, score):
            continue
        keep, gone = min(ri, rj), max(ri, rj)
        root[gone] = keep
        members[keep] = sorted(members[keep] + members.pop(gone))
    return [members[r] for r in sorted(members)]


def components(n: int, edges: Iterable[tuple[float, int, int]]) -> list[list[int]]:
    """The connected components of `n` profiles joined by the accepted pairs, each sorted,
    by their first index: what a link can change together (link.incremental)."""
    root = list(range(n))

    for _, i, j in edges:
        ri, rj = _find(root, i), _find(root, j)
        if ri != rj:
            root[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(_find(root, i), []).append(i)
    return [groups[r] for r in sorted(groups)]


def link_mentions(mentions: Sequence[MentionRef], *, known: Known | None = None) -> LinkResult:
    """Link mentions into cases; the result does not depend on the order of `mentions`.

    `known`: what the caller computed or knows already (link.incremental), reused.
    """
    ordered = sorted(mentions, key=lambda m: m.order_key)
    keys = [m.key for m in ordered]
    if len(set(keys)) != len(keys):
        dupes = sorted({k for k in keys if keys.count(k) > 1})[:3]
        raise ValueError(f"mention keys must be unique; repeated: {dupes}")
    known = known or Known()
    profiles = [known.profiles.get(m.key) or profile(m) for m in ordered]
    labels = [known.labels.get(k) for k in keys] if known.labels else None
    pairs, n_blocks, largest = candidate_pairs(profiles, labels)
    scorer = _Scorer(profiles)
    if known.scores or known.ruled_out:
        index = {k: i for i, k in enumerate(keys)}
        for (a, b), score in known.scores.items():
            i, j = index.get(a), index.get(b)
            if i is not None and j is not None:
                scorer.cache[(i, j) if i < j else (j, i)] = score
        for a, b in known.ruled_out:
            i, j = index.get(a), index.get(b)
            if i is not None and j is not None:
                scorer.ruled_out.add((i, j) if i < j else (j, i))
    edges = accepted_edges(sorted(pairs), scorer)
    groups = cluster(profiles, edges, scorer)
    cases = {case_key(ordered[g[0]]): [ordered[i] for i in g] for g in groups}
    return LinkResult(cases, comparisons=scorer.comparisons, candidate_pairs=len(pairs),
                      blocks=n_blocks, largest_block=largest,
                      components=[[ordered[i] for i in c]
                                  for c in components(len(ordered), edges)])


# ---------------------------------------------------------------- reports


def report_mentions(reports: Sequence[Report], published: dict[str, date | None],
                    outlets: dict[str, str | None] | None = None) -> list[MentionRef]:
    """One MentionRef per incident of each report, keyed `doc:evidence-start:type`."""
    refs: list[MentionRef] = []
    for report in reports:
        seen: set[str] = set()
        for idx, inc in enumerate(report.incidents):
            start = min((s for s, _ in inc.evidence), default=None)
            key = f"{report.id}:{start if start is not None else f'i{idx}'}:{inc.type}"
            if key in seen:
                key = f"{key}#{idx}"
            seen.add(key)
            refs.append(MentionRef(key, report.id, inc, published.get(report.id),
                                   (outlets or {}).get(report.id)))
    return refs


def link_reports(reports: Sequence[Report], published: dict[str, date | None],
                 outlets: dict[str, str | None] | None = None) -> LinkResult:
    """Give the incidents of one case across `reports` the same `incident_id` (in place)."""
    result = link_mentions(report_mentions(reports, published, outlets))
    for key, members in result.cases.items():
        for m in members:
            m.incident.incident_id = key
    return result
