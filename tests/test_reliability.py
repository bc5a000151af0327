"""Reliability: the extractor never crashes and its spans stay valid on any text; the API
answers no 500 to any request its OpenAPI schema allows; a batch with broken sources and a
breaking extractor loses no good document.

The counts (inputs tried, faults injected, documents lost) are added up in
`reliability_counts` and printed at the end of the run ("reliability: ..."); the README
quotes them. Everything runs in-process: hypothesis for the texts, schemathesis against
the ASGI app, with small fixed numbers of examples so that the suite stays quick.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from otkaz.batch import ingest_sources
from otkaz.extract import extract
from otkaz.extract.exactness import span_faults
from otkaz.store import open_store
from otkaz.web.app import create_app

REPORT = ("Twelve marines from Omsk refused to attack near Bakhmut in March 2023 and were "
          "returned to Pskov, relatives told Mediazona.")
RU_REPORT = ("Двенадцать мобилизованных из Омска отказались идти в атаку под Бахмутом, "
             "сообщили родственники.")

CONTROL = st.characters(min_codepoint=0, max_codepoint=31)
CYRILLIC = st.characters(min_codepoint=0x0400, max_codepoint=0x04FF)
ANY = st.characters(codec="utf-8")
WORDS = st.sampled_from(["soldiers", "refused", "deserted", "12", "Twelve", "from", "Omsk",
                         "returned to", "Pskov", "солдаты", "отказались", "Бахмут", "—", "\n",
                         "\u200b", "\u0301", "ﬁ", "İ", "ß", "🇷🇺", "\r\n", "\t", ".", ","])


def _check(text: str, counts: dict[str, int]) -> None:
    counts["inputs tried"] = counts.get("inputs tried", 0) + 1
    report = extract(text, published=date(2023, 5, 1))
    for item in [*report.incidents, *report.figures]:
        for a, b in [*item.evidence, *item.spans.values()]:
            assert 0 <= a <= b <= len(text)
    assert [str(f) for f in span_faults(text, report)] == []


FUZZ = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.slow
@FUZZ
@given(st.text(ANY, max_size=400))
def test_random_unicode(reliability_counts: dict[str, int], text: str) -> None:
    _check(text, reliability_counts)


@pytest.mark.slow
@FUZZ
@given(st.lists(st.one_of(WORDS, st.text(CONTROL, max_size=3), st.text(CYRILLIC, max_size=12)),
                max_size=60).map(" ".join))
def test_mixed_scripts_control_characters_and_report_words(
        reliability_counts: dict[str, int], text: str) -> None:
    _check(text, reliability_counts)


@pytest.mark.slow
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(50, 200), st.sampled_from([REPORT, RU_REPORT, REPORT + " " + RU_REPORT]),
       st.sampled_from([" ", "\x00", "\u00a0", "", "\x0b"]))
def test_huge_paragraphs(reliability_counts: dict[str, int], repeat: int, sentence: str,
                         glue: str) -> None:
    """One paragraph of up to ~30,000 characters with no line break in it."""
    _check(glue.join([sentence] * repeat), reliability_counts)


def test_a_batch_with_faults_loses_no_good_document(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        reliability_counts: dict[str, int]) -> None:
    """Broken files, bad JSONL lines and an extractor that raises on some documents: each
    fault costs its own source and nothing else."""
    folder = tmp_path / "in"
    folder.mkdir()
    good = [f"Report {n}\n{n + 2} soldiers from Tomsk refused to fight in May 2023.\n"
            for n in range(20)]
    for n, text in enumerate(good):
        (folder / f"good-{n:02d}.txt").write_text(text, encoding="utf-8")
    faults = {
        "empty.txt": b"", "blank.txt": b" \n\t\n", "binary.txt": b"\x00\x01\x02\x7fELF",
        "bad.html": b"<html><body><script>x()</script></body></html>",
        "notfeed.xml": b"<html><p>no feed</p></html>",
        "broken.jsonl": b'{"id": "j1", "text": "Six marines deserted."}\nnot json\n{"id": 3}\n',
        "bad-bytes.txt": b"\xef\xbb\xbf\xff\xfe text",
    }
    for name, data in faults.items():
        (folder / name).write_bytes(data)
    # the extractor breaks on every document whose text says "BOOM"
    for n in range(3):
        (folder / f"boom-{n}.txt").write_text(f"Boom {n}\nBOOM soldiers refused.\n",
                                              encoding="utf-8")
    import otkaz.extract as extract_package

    real = extract_package.extract_documents

    def breaking(docs: Any, *args: Any, **kwargs: Any) -> Any:
        docs = list(docs)
        if any("BOOM" in d.text for d in docs):
            raise RuntimeError("injected fault")
        return real(docs, *args, **kwargs)

    monkeypatch.setattr(extract_package, "extract_documents", breaking)
    with open_store(f"sqlite:///{tmp_path}/o.db") as store:
        summary = ingest_sources([str(folder)], store, published=date(2023, 6, 1))
        stored = {d.document.text.strip() for d in store.documents()}
    # six broken files, two bad lines in the JSONL file, three documents the extractor breaks on
    injected = (len(faults) - 1) + 2 + 3
    reliability_counts["faults injected"] = reliability_counts.get("faults injected", 0) \
        + injected
    lost = [t for t in good if t.strip() not in stored]
    reliability_counts["documents lost"] = reliability_counts.get("documents lost", 0) \
        + len(lost)
    assert lost == []
    assert "Six marines deserted." in stored  # the good line of the broken JSONL file
    assert summary.failed == injected, "\n".join(str(e) for e in summary.errors)
    assert sorted(e.code for e in summary.errors) == sorted(
        ["E102", "E102", "E103", "E107", "E110", "E105", "E106", "E111"]
        + ["E201"] * 3)


# The app under test, on a SQLite file of its own; the schema is its own /openapi.json.
# Both are made when the module is imported, because schemathesis parametrizes the test at
# collection; `api_data` fills the store before the first request.
_API_DIR = Path(tempfile.mkdtemp(prefix="otkaz-api-"))
_API_URL = f"sqlite:///{_API_DIR}/api.db"
_API_APP = create_app(_API_URL, secret_key="fuzz")
API = schemathesis.openapi.from_asgi("/openapi.json", _API_APP)


@pytest.fixture(scope="module")
def api_data() -> Iterator[None]:
    """One stored article with its case, for the API to answer from."""
    (_API_DIR / "a.txt").write_text("Omsk\n" + REPORT + "\n", encoding="utf-8")
    with open_store(_API_URL) as store:
        ingest_sources([str(_API_DIR / "a.txt")], store, published=date(2023, 5, 1))
    yield
    _API_APP.state.store.close()
    shutil.rmtree(_API_DIR, ignore_errors=True)


@pytest.mark.slow
@API.parametrize()
@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_the_api_answers_no_500(case: Any, api_data: None,
                                reliability_counts: dict[str, int]) -> None:
    """Every operation of /openapi.json, with inputs the schema allows: any answer but a
    server error."""
    answer = case.call()
    reliability_counts["inputs tried"] = reliability_counts.get("inputs tried", 0) + 1
    assert answer.status_code < 500, (case.method, case.formatted_path, answer.text[:300])


def test_counts_are_reported(reliability_counts: dict[str, int]) -> None:
    """The counters exist for the summary line even when the slow tests are deselected."""
    for name in ("inputs tried", "faults injected", "documents lost"):
        reliability_counts.setdefault(name, 0)
    assert json.dumps(reliability_counts)
