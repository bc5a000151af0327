"""A folder's sidecar manifest.json dates its files, for any folder ingest (files.manifest_dates,
used by iter_documents); what it cannot date is an error of its own, and nothing else is lost."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from otkaz.errors import SourceError
from otkaz.ingest import iter_documents
from otkaz.ingest.files import Skipped, manifest_dates
from otkaz.models import Document

TEXT = "Ten soldiers from Omsk refused to go to the front, their wives said.\n"


def _folder(tmp_path: Path, manifest: object, files: tuple[str, ...] = ("a.txt", "sub/b.txt"),
            where: str = "") -> Path:
    root = tmp_path / "corpus"
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(TEXT, encoding="utf-8")
    target = root / where / "manifest.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(manifest if isinstance(manifest, str) else json.dumps(manifest),
                      encoding="utf-8")
    return root


def _dated(root: Path, published: date | None = None) -> dict[str, date | None]:
    skipped: list[Skipped] = []
    docs = [d for d in iter_documents([str(root)], published=published, on_skip=skipped.append)
            if isinstance(d, Document)]
    return {Path(d.id).relative_to(root).as_posix(): d.published for d in docs}


def test_the_manifest_dates_its_files_and_the_rest_keep_published(tmp_path: Path) -> None:
    root = _folder(tmp_path, {"published": {"sub/b.txt": "2023-10-16"}})
    assert _dated(root) == {"a.txt": None, "sub/b.txt": date(2023, 10, 16)}
    # --published dates what the manifest does not; the manifest's own date wins
    assert _dated(root, date(2024, 1, 1)) == {"a.txt": date(2024, 1, 1),
                                              "sub/b.txt": date(2023, 10, 16)}


def test_a_deeper_manifest_wins_for_its_folder(tmp_path: Path) -> None:
    root = _folder(tmp_path, {"published": {"b.txt": "2022-05-05"}}, where="sub")
    (root / "manifest.json").write_text(json.dumps(
        {"published": {"a.txt": "2023-01-01", "sub/b.txt": "2023-02-02"}}), encoding="utf-8")
    dates, problems = manifest_dates(root)
    assert problems == []
    assert dates == {"a.txt": date(2023, 1, 1), "sub/b.txt": date(2022, 5, 5)}


def test_the_manifest_is_not_listed_as_skipped(tmp_path: Path) -> None:
    root = _folder(tmp_path, {"published": {"a.txt": "2023-01-01"}})
    skipped: list[Skipped] = []
    list(iter_documents([str(root)], on_skip=skipped.append))
    assert skipped == []


@pytest.mark.parametrize(("published", "problem"), [
    ({"a.txt": "16 Oct 2023"}, "'16 Oct 2023' is not a date as YYYY-MM-DD"),
    ({"missing.txt": "2023-10-16"}, "no such file beside the manifest"),
    ({"../a.txt": "2023-10-16"}, "must be a path inside the manifest's folder"),
    ({"a.txt": None}, "None is not a date"),
    (["a.txt"], '"published" must map file names to dates'),
])
def test_an_entry_it_cannot_use_is_e114_and_the_rest_apply(tmp_path: Path, published: object,
                                                         problem: str) -> None:
    entries = published if not isinstance(published, dict) else \
        {**published, "sub/b.txt": "2023-02-02"}
    root = _folder(tmp_path, {"published": entries})
    items = list(iter_documents([str(root)]))
    errors = [i for i in items if isinstance(i, SourceError)]
    assert len(errors) == 1 and errors[0].code == "E114" and problem in str(errors[0])
    assert "manifest.json" in errors[0].source
    docs = {Path(d.id).name: d.published for d in items if isinstance(d, Document)}
    assert set(docs) == {"a.txt", "b.txt"}  # every file still read
    if isinstance(published, dict):
        assert docs["b.txt"] == date(2023, 2, 2)


@pytest.mark.parametrize("manifest", ['{"name": "My web app", "icons": []}', "not json {"])
def test_a_manifest_that_is_not_otkazs_is_skipped(tmp_path: Path, manifest: str) -> None:
    root = _folder(tmp_path, manifest)
    skipped: list[Skipped] = []
    items = list(iter_documents([str(root)], on_skip=skipped.append))
    assert [s.path for s in skipped] == [str(root / "manifest.json")]
    assert all(isinstance(i, Document) for i in items) and len(items) == 2


def test_the_bundled_examples_are_dated_by_theirs() -> None:
    examples = Path(__file__).parents[2] / "src" / "otkaz" / "examples"
    dates, problems = manifest_dates(examples)
    manifest = json.loads((examples / "manifest.json").read_text(encoding="utf-8"))
    assert problems == []
    assert dates == {k: date.fromisoformat(v) for k, v in manifest["published"].items()}
