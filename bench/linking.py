"""Linking benchmark: 10,000 synthetic mentions of about 3,000 cases.

    .venv/bin/python bench/linking.py [--mentions 10000] [--seed 1] [--gazetteer]

Each synthetic case gets 1-6 mentions in different documents, with spelling
variants of its places (Lugansk/Luhansk, "X region"/"X oblast"), date jitter
(the day, a few days off, or the whole month), count variants (60, "about
60" = 60, 65, "dozens", "at least 60"), unit wording variants, and fields left
out at random. Prints the time linking takes, the pairwise comparisons made
(against the n*(n-1)/2 of all pairs) and B-cubed precision, recall and F1
against the synthetic truth. Place names are invented, so by default the
gazetteer is not consulted (`--gazetteer` to include its lookups in the time).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from otkaz.link import MentionRef, link_mentions  # noqa: E402
from otkaz.link import features as link_features  # noqa: E402
from otkaz.models import DateRange, Incident, Range  # noqa: E402

SYLLABLES = ("ka", "lu", "gan", "vo", "ro", "sta", "mir", "no", "pe", "tro", "za", "li",
             "bel", "go", "rod", "ku", "ya", "sib", "ta", "ver", "che", "re", "kho", "don")
FORCES = ("army", "army", "army", "airborne", "marines", "navy", "rosgvardia", "police",
          "pmc", "proxy")
COUNTS = (1, 1, 1, 2, 3, 4, 5, 7, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200, 300)


def _name(rnd: random.Random) -> str:
    return "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 3))).capitalize()


def _variant(name: str, rnd: random.Random) -> str:
    """A transliteration variant: g/h, e/ie, a trailing -o/-e."""
    roll = rnd.random()
    if roll < 0.2 and "g" in name:
        return name.replace("g", "h", 1)
    if roll < 0.35 and "e" in name[1:]:
        return name[0] + name[1:].replace("e", "ie", 1)
    if roll < 0.45 and name[-1] in "oe":
        return name[:-1] + ("e" if name[-1] == "o" else "o")
    return name


def _region_phrase(name: str, rnd: random.Random) -> str:
    return rnd.choice((name, f"{name} region", f"{name} oblast", f"the {name} region"))


def _count_variant(n: int, rnd: random.Random) -> Range | None:
    roll = rnd.random()
    if roll < 0.15:
        return None
    if roll < 0.65 or n < 5:
        return Range(n, n)
    if roll < 0.75:
        return Range(n, None)  # "at least n"
    if roll < 0.85 and 24 <= n <= 99:
        return Range(24, 99)  # "dozens"
    other = n + rnd.choice((-1, 1)) * max(1, round(n * rnd.uniform(0.05, 0.15)))
    return Range(other, other)  # a different figure for the same group


def _when_variant(day: date, rnd: random.Random) -> DateRange | None:
    roll = rnd.random()
    if roll < 0.15:
        return None
    if roll < 0.55:
        return DateRange(day, day)
    if roll < 0.8:
        shifted = day + timedelta(days=rnd.randint(-4, 4))
        return DateRange(shifted, shifted)
    first = day.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return DateRange(first, nxt - timedelta(days=1))


def generate(n_mentions: int, seed: int, days: int = 1000
             ) -> tuple[list[MentionRef], dict[str, int]]:
    """Synthetic mentions and their true case numbers (mention key -> case), with event
    dates over `days` days from 24 February 2022 (bench/linking_incremental.py widens it
    with the store's size, so that a block holds as many mentions at every size)."""
    rnd = random.Random(seed)
    homes = sorted({_name(rnd) for _ in range(120)})
    places = sorted({_name(rnd) for _ in range(80)})
    refs: list[MentionRef] = []
    truth: dict[str, int] = {}
    case = 0
    while len(refs) < n_mentions:
        home, place = rnd.choice(homes), rnd.choice(places)
        day = date(2022, 2, 24) + timedelta(days=rnd.randrange(days))
        count = rnd.choice(COUNTS)
        force = rnd.choice(FORCES)
        kind = rnd.choice(("refusal", "refusal", "desertion"))
        unit = None
        if rnd.random() < 0.2:
            unit = f"{rnd.randint(1, 1500)}th"
        personnel = rnd.choice(([], ["mobilized"], ["contract"], ["conscript"]))
        for k in range(rnd.randint(1, 6)):
            doc = f"doc{case}-{k}-{rnd.randrange(10**6)}"
            inc = Incident(
                type=kind if rnd.random() > 0.05 else ("desertion" if kind == "refusal"
                                                       else "refusal"),
                actor=f"{count} {rnd.choice(('soldiers', 'servicemen', 'men'))} from {home}",
                force=force if rnd.random() > 0.1 else None,
                personnel=personnel if rnd.random() > 0.3 else [],
                unit=(f"{unit} {rnd.choice(('regiment', 'rifle regiment', 'Regiment'))}"
                      if unit and rnd.random() > 0.3 else None),
                count=_count_variant(count, rnd),
                home=_region_phrase(_variant(home, rnd), rnd) if rnd.random() > 0.1 else None,
                place=_variant(place, rnd) if rnd.random() > 0.3 else None,
                when=_when_variant(day, rnd),
                evidence=[(rnd.randrange(5000), 0)],
            )
            published = day + timedelta(days=rnd.randint(1, 10) if k == 0
                                        else rnd.randint(2, 240))
            ref = MentionRef(f"{doc}:{inc.evidence[0][0]}:{inc.type}", doc, inc, published)
            refs.append(ref)
            truth[ref.key] = case
            if len(refs) >= n_mentions:
                break
        case += 1
    return refs, truth


def bcubed(predicted: dict[str, str], truth: dict[str, int]) -> tuple[float, float, float]:
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_true: dict[int, set[str]] = defaultdict(set)
    for key in truth:
        by_pred[predicted[key]].add(key)
        by_true[truth[key]].add(key)
    p = r = 0.0
    for key in truth:
        same_p, same_t = by_pred[predicted[key]], by_true[truth[key]]
        both = len(same_p & same_t)
        p += both / len(same_p)
        r += both / len(same_t)
    p, r = p / len(truth), r / len(truth)
    return p, r, 2 * p * r / (p + r)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mentions", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--gazetteer", action="store_true",
                    help="resolve the invented place names through the gazetteer too")
    a = ap.parse_args()
    if not a.gazetteer:
        link_features.resolve = lambda _text: None  # type: ignore[assignment]
    refs, truth = generate(a.mentions, a.seed)
    n = len(refs)
    started = time.perf_counter()
    result = link_mentions(refs)
    seconds = time.perf_counter() - started
    p, r, f = bcubed(result.case_of(), truth)
    print(f"mentions {n}, true cases {len(set(truth.values()))}, found cases {len(result.cases)}")
    print(f"linking took {seconds:.2f} s")
    print(f"pairwise comparisons {result.comparisons:,} (all pairs would be "
          f"{n * (n - 1) // 2:,}); candidate pairs {result.candidate_pairs:,}; "
          f"blocks {result.blocks:,}, largest {result.largest_block}")
    print(f"B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main()
