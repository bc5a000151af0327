"""The report format survives a round trip through its JSON form."""

from datetime import date

from otkaz.models import ChainLink, DateRange, Document, Figure, Incident, Place, Range, Report


def test_report_round_trip() -> None:
    incident = Incident(
        type="refusal", actor="12 riot police officers from Omsk", force="rosgvardia",
        personnel=[], unit="Tiger company", count=Range(12, 12), home="Omsk", place=None,
        when=DateRange(date(2022, 2, 25), date(2022, 2, 25)), sources=["Rights Watch"],
        outcomes=["dismissed"], evidence=[(0, 40), (50, 70)], spans={"count": (0, 2)},
        chain=[ChainLink("Rights Watch", "organisation", (80, 92), None)],
        geo={"home": Place("Omsk", "RU", "Omsk Oblast", 54.99, 73.37, "city")},
        incident_id="c1", confidence=0.8,
    )
    figure = Figure("awol_cases", Range(None, 200), DateRange(date(2023, 7, 1), date(2023, 7, 31)),
                    "Southern Military District", ["Court Watch"], [(100, 140)])
    report = Report("doc-1", [incident], [figure])
    again = Report.from_dict(report.to_dict())
    assert again == report
    assert again.to_dict()["incidents"][0]["count"] == {"low": 12, "high": 12}
    assert again.to_dict()["figures"][0]["value"] == {"low": None, "high": 200}


def test_document_hash_depends_on_text_only() -> None:
    a = Document("a", "Same text.", published=date(2022, 1, 1))
    b = Document("b", "Same text.", url="https://example.org")
    assert a.sha256 == b.sha256
    assert a.sha256 != Document("a", "Other text.").sha256


def test_library_extract_is_callable_after_the_package_is_imported() -> None:
    import otkaz
    import otkaz.extract  # noqa: F401  (sets the attribute to the package)

    report = otkaz.extract("Twelve marines from Omsk refused to attack.",
                           published=date(2023, 5, 2))
    assert isinstance(report, Report)
