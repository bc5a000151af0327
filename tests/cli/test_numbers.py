"""Issue "Numbers people can publish", on the bundled English examples as `otkaz demo` stores
them.

The demo's cases (by id): 1 Altai volunteers near Robotyne (Zaporizhzhia Oblast), 2 Tomsk
reservists (two reports), 3 Buryat sappers from Ulan-Ude, 4 Kamchatka sailors, 5 Murmansk
marines, 6 a conscript from Severodvinsk (Arkhangelsk Oblast). Each test reviews a copy the
way a reviewer does on the dashboard (otkaz.web.review), then reads it through the CLI.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from otkaz.cli import app
from otkaz.store import open_store
from otkaz.web import review

runner = CliRunner()
ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=ENV)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English examples as `otkaz demo` stores them (the Russian/English pair that the
    demo also holds is tested in test_languages.py; left out here, the case ids stay put)."""
    from importlib import resources

    from otkaz.batch import ingest_sources

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    examples = resources.files("otkaz") / "examples"  # dated by its manifest.json
    with open_store(f"sqlite:///{path}") as store:
        ingest_sources([str(examples)], store, exclude=["kostroma-*"])
    with open_store(f"sqlite:///{path}") as store:
        facts = {c.id: (c.home, c.place) for c in store.cases(limit=None)}
    assert facts[3][0] == "Ulan-Ude" and facts[4][0] == "Petropavlovsk-Kamchatsky"
    assert facts[6][0] == "Severodvinsk" and facts[1][1] == "Robotyne"
    return path


@pytest.fixture
def url(demo_db: Path, tmp_path: Path) -> str:
    copy = tmp_path / "otkaz.db"
    shutil.copy(demo_db, copy)
    return f"sqlite:///{copy}"


def _listed(url: str, *options: str) -> dict[int, str]:
    """Case id -> the row `otkaz cases` prints for it."""
    code, output = run("cases", *options, "--db", url)
    assert code == 0, output
    return {int(m.group(1)): m.group(0) for m in re.finditer(r"^│\s+(\d+) │.*$", output, re.M)}


def _review(url: str) -> None:
    """Merge case 1 into 2, reject 3, correct 4's count to 12: the issue's example."""
    with open_store(url) as store:
        def version(case_id: int) -> int:
            case = store.case(case_id)
            assert case is not None
            return case.version

        review.merge_cases(store.engine, 2, version(2), 1, "anna")
        review.set_status(store.engine, 3, version(3), "anna", "rejected")
        review.edit_field(store.engine, 4, version(4), "anna", "count", value="12")


def _csv(url: str, *options: str) -> list[dict[str, str]]:
    code, output = run("export", "--format", "csv", *options, "--db", url)
    assert code == 0, output
    return list(csv.DictReader(io.StringIO(output)))


def _features(url: str, *options: str) -> list[dict]:
    code, output = run("export", "--format", "geojson", *options, "--db", url)
    assert code == 0, output
    return json.loads(output)["features"]


def test_every_reader_shows_the_reviewed_case(url: str) -> None:
    """(1) cases, show, stats and every export read the reviewed record, one row per case."""
    _review(url)
    listed = _listed(url)
    assert sorted(listed) == [2, 4, 5, 6]  # merged-away 1 and rejected 3 left out
    assert re.search(r"│\s+12 │", listed[4]) and "machine" in listed[4]
    every = _listed(url, "--all")
    assert sorted(every) == [1, 2, 3, 4, 5, 6]
    assert "merged into 2" in every[1] and "rejected" in every[3]
    assert sorted(_listed(url, "--status", "rejected")) == [3]

    code, output = run("show", "1", "--db", url)
    assert code == 0 and "status: merged into 2" in output
    code, output = run("show", "3", "--db", url)
    assert "status: rejected" in output
    code, output = run("show", "4", "--json", "--db", url)
    assert json.loads(output)["count"] == {"low": 12, "high": 12}

    rows = _csv(url)
    assert [int(r["id"]) for r in rows] == [5, 6, 4, 2]  # one per live case, newest first
    assert {r["id"]: (r["count_low"], r["count_high"]) for r in rows}["4"] == ("12", "12")
    assert {r["status_label"] for r in rows} == {"machine"}
    assert len(_features(url)) == 4 == len(listed)
    assert len(_features(url, "--all")) == 6
    mentions = _features(url, "--mentions")
    assert {f["properties"]["case_id"] for f in mentions} == {2, 4, 5, 6}
    assert len(mentions) == 6  # the rejected case's mention is left out
    code, output = run("export", "--format", "jsonl", "--db", url)
    assert [json.loads(line)["id"] for line in output.splitlines()] == [5, 6, 4, 2]

    code, output = run("stats", "--format", "json", "--db", url)
    total = json.loads(output)["total"]
    assert total["cases"] == 4 and total["low"] == 40 + 1 + 12 + 25


def test_split_undoes_a_merge(url: str) -> None:
    """(1) merge then split: the merged-away case comes back; no ghost, no raw-hash key."""
    _review(url)
    with open_store(url) as store:
        before = store.case(1)
        assert before is not None and before.status == "merged"
        altai = next(m for m in store.mentions(case_id=2) if "Katun" in m.incident.actor)
        case = store.case(2)
        assert case is not None
        back = review.split_mention(store.engine, 2, case.version, altai.id, "anna")
        assert back == 1
        revived = store.case(1)
        assert revived is not None
        assert (revived.status, revived.key, revived.n_mentions) == ("machine", before.key, 1)
        assert "merged_into" not in revived.merged
        assert store.cases(status="merged") == []
        # a mention that did not come by a merge goes to a new case, keyed as the linker does
        tomsk = store.mentions(case_id=2)[0]
        case = store.case(2)
        assert case is not None
        new = store.case(review.split_mention(store.engine, 2, case.version, tomsk.id, "anna"))
        assert new is not None and re.fullmatch(r"case-[0-9a-f]{16}", new.key)
    assert sorted(_listed(url)) == [1, 2, 4, 5, 6, new.id]


def test_show_draws_who_cited_whom(url: str) -> None:
    """(2) each name once; names no citation joins are not drawn as a chain."""
    code, output = run("show", "2", "--db", url)
    assert code == 0
    assert "sources: Siberian Wire ← (anonymous); (organisation)" in output
    assert output.count("Siberian Wire ←") == 1
    code, output = run("show", "4", "--db", url)
    assert "sources: Sailors' Watch; Pavel Orlov" in output
    assert "1 independent origin," in output  # one report, two names: one origin


@pytest.mark.parametrize(("place", "expected"), [
    ("Buryatia", [3]), ("Buryatiya", [3]), ("Republic of Buryatia", [3]),
    ("Kamchatka", [4]), ("Kamchatka Krai", [4]),
    ("Arkhangelsk", [6]), ("Arkhangelsk Oblast", [6]),
    ("Zaporizhzhia", [1]), ("Zaporozhye", [1]),
    ("Ulan-Ude", [3]),  # as written
])
def test_place_filter_finds_the_cases_of_a_region(url: str, place: str,
                                                  expected: list[int]) -> None:
    """(5) every region `stats --by region` lists is one `cases --place` finds."""
    assert sorted(_listed(url, "--place", place)) == expected


def test_stats_regions_are_all_findable(url: str) -> None:
    code, output = run("stats", "--by", "region", "--format", "json", "--db", url)
    for row in json.loads(output)["rows"]:
        assert _listed(url, "--place", row["region"]), row


@pytest.mark.parametrize(("args", "valid"), [
    (("cases", "--type", "mutiny"), "refusal, desertion"),
    (("cases", "--force", "navyy"), "army"),
    (("cases", "--status", "pending"), "machine, confirmed, rejected, merged"),
    (("export", "--status", "pending"), "machine, confirmed, rejected, merged"),
])
def test_unknown_values_exit_2_naming_the_valid_ones(url: str, args: tuple[str, ...],
                                                     valid: str) -> None:
    """(6) a value outside its vocabulary is refused, not an empty answer."""
    code, output = run(*args, "--db", url)
    assert code == 2
    assert valid in output
