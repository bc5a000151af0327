"""Reports, incidents, figures and cases as HTML (otkaz.notebook, `_repr_html_`, otkaz.display)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html

import otkaz
from otkaz.models import DateRange, Figure, Incident, Range, Report
from otkaz.notebook import case_view, to_html
from otkaz.store import open_store

TEXT = ("Forty marines from <script>alert(1)</script> Vladivostok refused to advance, the "
        "Siberia Desk reported. Mediazona counted 684 AWOL cases in 2023.")


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


MARINES = Incident(
    type="refusal", actor="Forty marines <b>", count=Range(40, 40), home="Vladivostok",
    sources=["Siberia Desk"], when=DateRange(date(2023, 2, 1), date(2023, 2, 28)),
    evidence=[at("Forty marines from <script>alert(1)</script> Vladivostok refused to advance")],
    spans={"count": at("Forty"), "home": at("Vladivostok"), "sources.0": at("Siberia Desk")},
    confidence=0.87)
FIGURE = Figure(measure="awol_cases", value=Range(684, 684),
                evidence=[at("Mediazona counted 684 AWOL cases in 2023")],
                spans={"value": at("684")})
REPORT = Report("doc", [MARINES], [FIGURE]).with_text(TEXT)


def tree(markup: Any) -> etree._Element:
    """The fragment parsed by a strict XML parser: it fails on any tag left open."""
    return etree.fromstring(f"<div>{markup}</div>".encode())


def marks(root: etree._Element) -> dict[str, str]:
    return {m.get("data-field"): "".join(m.itertext())
            for m in root.iter("mark") if m.get("data-label")}


@pytest.mark.parametrize("obj", [MARINES, REPORT], ids=["incident", "report"])
def test_evidence_is_highlighted_with_labelled_fields(obj: Any) -> None:
    root = tree(obj._repr_html_())
    found = marks(root)
    # the source's words lie outside the evidence passage, which is all that is shown
    assert {k: found[k] for k in ("count", "home")} == {"count": "Forty", "home": "Vladivostok"}
    assert "sources.0" not in found
    passage = root.find(".//div[@class='passage']")
    assert passage is not None
    start, end = MARINES.evidence[0]
    assert "".join(passage.itertext()) == TEXT[start:end]
    cells = {th.text: td.text for th, td in zip(root.iter("th"), root.iter("td"), strict=True)}
    assert cells["count"] == "40" and cells["when"] == "2023-02-01 – 2023-02-28"
    assert cells["confidence"] == "0.87"


def test_text_is_escaped_everywhere() -> None:
    out = REPORT._repr_html_()
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "Forty marines &lt;b&gt;" in out  # the actor, in the heading
    assert tree(out).find(".//script") is None


def test_a_figure_and_a_report_hold_their_parts() -> None:
    root = tree(REPORT._repr_html_())
    assert marks(tree(FIGURE._repr_html_())) == {"value": "684"}
    assert [h.text for h in root.iter("h3")] == [
        "report doc: 1 incidents, 1 figures", "refusal: Forty marines <b>", "figure: awol_cases"]


def test_without_its_text_an_item_shows_its_offsets() -> None:
    bare = Incident.from_dict(MARINES.to_dict())  # as read from a file: no text
    assert bare.text is None and bare == MARINES  # the text is neither compared nor kept
    out = bare._repr_html_()
    assert "text not known" in out and f"{MARINES.evidence[0][0]}–" in out
    assert "text" not in MARINES.to_dict()


def test_the_extractor_gives_reports_their_text() -> None:
    report = otkaz.extract("Eleven officers of the OMON riot police unit from Omsk refused "
                           "on March 3 to cross into Ukraine.", published=date(2022, 3, 10))
    assert report.text is not None and report.incidents[0].text == report.text
    assert marks(tree(report.incidents[0]._repr_html_()))["count"] == "Eleven"


def test_display_writes_a_page_and_returns_its_path(tmp_path: Path) -> None:
    target = otkaz.display(REPORT, tmp_path / "report.html")
    assert target == tmp_path / "report.html"
    page = html.fromstring(target.read_text(encoding="utf-8"))
    assert page.find(".//title").text == "otkaz: Report"
    assert {m.get("data-field") for m in page.iter("mark")} >= {"count", "home"}
    temporary = otkaz.display(MARINES)
    try:
        assert temporary.suffix == ".html" and "Vladivostok" in temporary.read_text("utf-8")
    finally:
        temporary.unlink()
    with pytest.raises(TypeError, match="cannot display a dict"):
        otkaz.display({"id": "x"})


def test_a_case_shows_merged_fields_and_every_mention(tmp_path: Path) -> None:
    from otkaz.link import relink

    with open_store(f"sqlite:///{tmp_path / 'o.db'}") as store:
        store.add(otkaz.Document("doc", TEXT), Report("doc", [MARINES]), "v1")
        relink(store)
        case = store.cases()[0]
        view = case_view(store, case.id)
        assert view is not None and case_view(store, 9999) is None
    root = tree(view._repr_html_())
    assert marks(root)["home"] == "Vladivostok"
    assert root.find(".//mark[@data-mention]") is not None  # marks name their mention
    assert "count" in [th.text for th in root.iter("th")]
    assert to_html(view).startswith("<style>")
