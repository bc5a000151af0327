"""The document step on typed records: restatements fold into one case, figure sources shared."""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.extract.document import (
    drop_colon_speakers,
    drop_furniture,
    drop_nationality_homes,
    merge_restatements,
    share_figure_sources,
)
from otkaz.extract.prefilter import Layout
from otkaz.models import Figure, Incident, Range

LEAD = ("About sixty paratroopers from the Pskov region refused to cross into Ukraine, "
        "a local newspaper reported on Monday.")
PAGE = ("Sixty paratroopers refuse to fight\nSupport our newsroom!\n"
        "Photo: a parade in Pskov\n" + LEAD + "\n"
        "The men were sent back to Pskov and later dismissed, their relatives said.\n"
        "Twelve marines from Kaliningrad refused an order near Vuhledar in March.\n")


def at(phrase: str) -> tuple[int, int]:
    start = PAGE.index(phrase)
    return start, start + len(phrase)


def incident(phrase: str, count: Range | None = None, **fields: object) -> Incident:
    return Incident(type=str(fields.pop("type", "refusal")), actor=phrase, count=count,
                    evidence=[at(phrase)], **fields)  # type: ignore[arg-type]


LAYOUT = Layout.of(PAGE)


def test_layout_skips_furniture_to_find_the_lead() -> None:
    assert LAYOUT.title == (0, len("Sixty paratroopers refuse to fight"))
    assert PAGE[:LAYOUT.lead_end].endswith(LEAD)


def test_headline_joins_the_body_and_keeps_the_specific_count() -> None:
    title = incident("Sixty paratroopers", Range(60, 60), force="airborne")
    body = incident("The men were sent back to Pskov", None, home="Pskov",
                    outcomes=["returned_home", "dismissed"])
    merged = merge_restatements([title, body], LAYOUT)
    assert len(merged) == 1
    case = merged[0]
    assert case.count == Range(60, 60) and case.actor == "Sixty paratroopers"
    assert case.home == "Pskov" and case.outcomes == ["returned_home", "dismissed"]
    assert case.evidence == sorted(case.evidence) and len(case.evidence) == 2


@pytest.mark.parametrize(("other", "why"), [
    (dict(count=Range(12, 12)), "a different group size"),
    (dict(home="Kaliningrad"), "a different home"),
    (dict(force="marines", count=None, title_force="airborne"), "a different service"),
])
def test_conflicting_records_stay_apart(other: dict[str, object], why: str) -> None:
    title_force = other.pop("title_force", None)
    title = incident("Sixty paratroopers", Range(60, 60), force=title_force, home="Pskov")
    body = incident("Twelve marines from Kaliningrad", **other)  # type: ignore[arg-type]
    assert len(merge_restatements([title, body], LAYOUT)) == 2, why


def test_two_body_incidents_without_a_shared_size_stay_apart() -> None:
    a = incident("The men were sent back to Pskov")
    b = incident("Twelve marines from Kaliningrad")
    assert len(merge_restatements([a, b], LAYOUT)) == 2


def test_equal_group_sizes_of_one_type_are_one_case_anywhere() -> None:
    a = incident("The men were sent back to Pskov", Range(60, 60))
    b = incident("Twelve marines from Kaliningrad", Range(60, 60))
    c = incident("Twelve marines from Kaliningrad", Range(60, 60), type="desertion")
    assert len(merge_restatements([a, b], LAYOUT)) == 1
    assert len(merge_restatements([a, c], LAYOUT)) == 2


def figure(phrase: str, *sources: str) -> Figure:
    f = Figure("awol_cases", Range(5, 5), evidence=[at(phrase)], sources=list(sources))
    if sources:
        f.spans["sources.0"] = at(phrase)
    return f


def test_unattributed_figures_take_the_one_source_of_the_others() -> None:
    figs = [figure("The men were sent", "Mediazona"), figure("Twelve marines")]
    out = share_figure_sources(figs, PAGE, set())
    assert [f.sources for f in out] == [["Mediazona"], ["Mediazona"]]
    assert out[1].spans["sources.0"] == at("The men were sent")


def test_two_different_sources_are_not_shared() -> None:
    figs = [figure("The men were sent", "Mediazona"), figure("Twelve marines", "Verstka"),
            figure("Photo")]
    assert share_figure_sources(figs, PAGE, set())[2].sources == []


def test_an_own_finding_credits_unattributed_figures_with_a_grounded_span() -> None:
    out = share_figure_sources([figure("Twelve marines")], PAGE, {"pskov"})
    assert out[0].sources == ["Pskov"]
    s, e = out[0].spans["sources.0"]
    assert PAGE[s:e] == "Pskov"


def test_a_name_before_a_colon_speaks_for_the_case() -> None:
    text = "Anna Ivanova: 12 officers refused to go\n"
    speaker = Incident("refusal", "Anna Ivanova", count=Range(1, 1), evidence=[(0, 39)],
                       spans={"actor": (0, 12)})
    group = Incident("refusal", "12 officers", count=Range(12, 12), evidence=[(14, 39)],
                     spans={"actor": (14, 25)})
    out = drop_colon_speakers([speaker, group], text)
    assert out == [group] and group.sources == ["Anna Ivanova"]
    assert group.spans["sources.0"] == (0, 12)


def test_a_lone_name_before_a_colon_is_kept() -> None:
    text = "Anna Ivanova: she deserted in May\n"
    alone = Incident("desertion", "Anna Ivanova", evidence=[(0, 33)], spans={"actor": (0, 12)})
    assert drop_colon_speakers([alone], text) == [alone]


def test_a_headline_speaker_before_a_colon_goes_when_the_body_tells_the_case() -> None:
    text = ("General Staff: convicts deserted near Donetsk\n"
            "Around 20 convicts deserted near Yasinuvata.\n")
    speaker = Incident("desertion", "General Staff", count=Range(1, 1), evidence=[(0, 44)],
                       spans={"actor": (0, 13)})
    body = Incident("desertion", "Around 20 convicts", count=Range(20, 20),
                    evidence=[(46, 89)], spans={"actor": (46, 64)})
    assert drop_colon_speakers([speaker, body], text) == [body]


@pytest.mark.parametrize(("home", "kept"), [("Russia", False), ("Pskov", True)])
def test_russia_as_a_whole_is_no_home(home: str, kept: bool) -> None:
    from otkaz.normalize.places import resolve_place

    geo = resolve_place(home)
    assert geo is not None
    incident = Incident("refusal", f"{home} soldiers", home=home, geo={"home": geo},
                        spans={"home": (0, len(home))})
    drop_nationality_homes([incident])
    assert (incident.home == home) is kept and ("home" in incident.spans) is kept


def test_a_shared_bound_is_the_same_group() -> None:
    exact = incident("The men were sent back to Pskov", Range(60, 60))
    upto = incident("Twelve marines from Kaliningrad", Range(None, 60))
    merged = merge_restatements([exact, upto], LAYOUT)
    assert len(merged) == 1 and merged[0].count == Range(60, 60)
    other = incident("Twelve marines from Kaliningrad", Range(None, 50))
    assert len(merge_restatements([exact, other], LAYOUT)) == 2


FURNITURE_PAGE = ("Marines refuse to attack\nSubscribe to our newsletter\n"
                  "Photo: soldiers who refused to fight at a checkpoint / Reuters\n"
                  "Twelve marines of the 155th brigade refused to attack near Vuhledar on "
                  "Monday, their relatives told the Primorye Herald.\n"
                  "Read more: Why soldiers of the 7th brigade deserted\n")


@pytest.mark.parametrize("line", ["Photo: soldiers who refused", "Read more: Why soldiers"])
def test_page_furniture_tells_no_case(line: str) -> None:
    start = FURNITURE_PAGE.index(line)
    caption = Incident("refusal", "soldiers", evidence=[(start, start + len(line))])
    story_at = FURNITURE_PAGE.index("Twelve marines")
    story = Incident("refusal", "Twelve marines", evidence=[(story_at, story_at + 40)])
    assert drop_furniture([caption, story], FURNITURE_PAGE) == [story]


def test_page_furniture_end_to_end(run) -> None:
    assert [i.actor for i in run(FURNITURE_PAGE).incidents] == [
        "Twelve marines of the 155th brigade"]


def test_a_paragraph_credits_its_figures_even_when_another_paragraph_cites_someone_else() -> None:
    from otkaz.extract import extract_documents
    from otkaz.models import Document

    text = ("What do we know?\n\n"
            "On the anniversary of mobilisation, 'Novosti' released an investigative report "
            "revealing that the number of convictions for unauthorised leave and desertion over "
            "the past year exceeded 3,000. In 2021, around 600 convictions were issued for these "
            "violations.\n"
            "According to Vestnik, nearly 1,800 soldiers who refused to fight were held in "
            "basements.")
    (report,) = extract_documents([Document("d", text, date(2023, 9, 22))], verify=False)
    sources = {f.value.low: f.sources for f in report.figures}
    assert sources[3000] == ["Novosti"] and sources[600] == ["Novosti"]
    assert sources[1800] == ["Vestnik"]
    a, b = report.figures[1].spans["sources.0"]
    assert text[a:b] == "Novosti"
