"""Span exactness as a property: every span the extractor gives starts and ends on word
boundaries, lies inside the text, and its words support the value (otkaz.extract.exactness).

Run over the real and dev corpora (skipped without ../shared, as the quality gate is),
over the held-out set, and over sentences generated from the phrasings the rules read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from otkaz.extract import extract, extract_documents
from otkaz.extract.exactness import cuts_word, span_faults
from otkaz.models import Document, Incident, Report

ROOT = Path(__file__).parent.parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
CORPORA = {name: SHARED / name / "docs.jsonl" for name in ("dev", "real", "real-extra", "real-ru")}
CORPORA["heldout"] = ROOT / "tests/data/eval/docs.jsonl"


def test_the_checker_finds_a_span_that_ends_inside_a_word() -> None:
    text = "Nine soldiers refused and were returned to Pskov."
    at = text.index("were returned")
    report = Report("a", [Incident("refusal", "Nine soldiers", evidence=[(0, len(text))],
                                   spans={"outcomes.0": (at, text.index("Pskov") + 1),
                                          "count": (0, 4), "place": (at, at + 4)},
                                   place="Pskov")])
    found = {(f.field, f.problem) for f in span_faults(text, report)}
    assert found == {("outcomes.0", "ends inside a word"),
                     ("count", "reads Range(low=9, high=9) but the count is None"),
                     ("place", "is not the place 'Pskov'")}
    assert cuts_word("Кострома", 3) and not cuts_word("в Костроме", 1)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CORPORA))
def test_every_span_on_the_corpora_is_exact(name: str) -> None:
    path = CORPORA[name]
    if not path.exists():
        pytest.skip(f"no corpus at {path} (CI has it beside the checkout)")
    docs = [Document(id=d["id"], text=d["text"], lang=d.get("lang"))
            for d in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if d]
    faults = [f"{doc.id}: {fault}" for doc, report in zip(docs, extract_documents(docs),
                                                          strict=True)
              for fault in span_faults(doc.text, report)]
    assert faults == []


# The outcome phrasings the issue names, and the others around them, after a group and a trigger.
GROUPS = ["Twelve soldiers", "12 mobilised men", "Forty marines", "About 30 reservists",
          "Two paratroopers", "Several dozen contract servicemen", "Nine sailors"]
HOMES = ["", " from Buryatia", " from Tomsk", " from the Pskov region", " from Krasnodar"]
TRIGGERS = ["refused to fight", "deserted", "refused to return to the front",
            "abandoned their positions", "refused to go to Ukraine"]
PLACES = ["", " near Bakhmut", " in Kherson", " in the Zaporizhzhia region"]
OUTCOMES = ["", " and were returned to Pskov", " and made their way back to Buryatia",
            " and were sent back to Krasnodar", " and then returned to Russia",
            " and were returned to the Crimea", " and were held in a basement",
            " and were fired", " and went back home", " and were sent to Belarus",
            " and were being sent back to Omsk", " and were taken back to Kursk"]
LEADS = ["", "According to Vot Tak, ", "Relatives told Mediazona that ",
         "The outlet ASTRA reported that "]
WHEN = ["", " in March 2023", " last week", " on 5 May"]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """One to three generated report sentences, each: lead, group, home, trigger, place, ..."""
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        parts.append(draw(st.sampled_from(LEADS)) + draw(st.sampled_from(GROUPS))
                     + draw(st.sampled_from(HOMES)) + " " + draw(st.sampled_from(TRIGGERS))
                     + draw(st.sampled_from(PLACES)) + draw(st.sampled_from(WHEN))
                     + draw(st.sampled_from(OUTCOMES)) + ".")
    return " ".join(parts)


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(sentences())
def test_every_span_in_generated_sentences_is_exact(text: str) -> None:
    report = extract(text)
    assert [str(f) for f in span_faults(text, report)] == []


@pytest.mark.parametrize(("sentence", "words"), [
    ("Nine soldiers from Tomsk refused to fight and were returned to Pskov.",
     "were returned to"),
    ("Twelve marines deserted in March and made their way back to Buryatia.",
     "made their way back to"),
    ("Four reservists refused to fight, then returned to Krasnodar.", "returned to"),
])
def test_outcome_spans_end_on_the_word_before_the_place(sentence: str, words: str) -> None:
    report = extract(sentence)
    spans = [s for i in report.incidents for k, s in i.spans.items() if k.startswith("outcomes")]
    assert [sentence[a:b] for a, b in spans] == [words]
