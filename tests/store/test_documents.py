"""Managing stored documents: list, show, delete (otkaz.store.documents), on both databases,
and the thin CLI over them (`otkaz documents list|show|delete`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from otkaz.batch import ingest_sources
from otkaz.cli import app
from otkaz.link.records import case_records
from otkaz.store import Store, open_store
from otkaz.store.documents import (
    DELETE_ACTION,
    delete_document,
    document_info,
    list_documents,
)
from otkaz.store.schema import review_log
from otkaz.web.review import set_status

TOMSK = ("Tomsk reservists refuse\nTwelve reservists from Tomsk refused to return to the front "
         "in October 2023, their relatives told Sibir.Realii.\n")
TOMSK_AGAIN = ("Reservists from Tomsk\nTwelve reservists from Tomsk refused to return to the "
               "front in October 2023, Sibir.Realii reported, citing their wives.\n")
FESTIVAL = "Harbour festival\nThousands of people visited the harbour festival.\n"


def _ingest(store: Store, folder: Path) -> dict[str, int]:
    folder.mkdir()
    for name, text in (("tomsk.txt", TOMSK), ("tomsk-again.txt", TOMSK_AGAIN),
                       ("festival.txt", FESTIVAL)):
        (folder / name).write_text(text, encoding="utf-8")
    ingest_sources([str(folder)], store, published=date(2023, 10, 20))
    return {Path(d.source_id).name: d.id for d in list_documents(store)}


def test_list_and_show(store: Store, tmp_path: Path) -> None:
    ids = _ingest(store, tmp_path / "in")
    rows = {Path(d.source_id).name: d for d in list_documents(store)}
    assert [(r.title, r.mentions) for r in (rows["tomsk.txt"], rows["festival.txt"])] == [
        ("Tomsk reservists refuse", 1), ("Harbour festival", 0)]
    info = document_info(store, ids["tomsk.txt"])
    assert info is not None and info.versions == [ids["tomsk.txt"]]
    assert [(m.type, m.count) for m in info.mentions] == [("refusal", (12, 12))]
    assert any("Twelve reservists from Tomsk refused" in e for e in info.mentions[0].evidence)
    assert document_info(store, 999) is None


def test_delete_removes_mentions_relinks_and_logs(store: Store, tmp_path: Path) -> None:
    ids = _ingest(store, tmp_path / "in")
    [case] = [c for c in case_records(store, limit=None)]
    assert case.n_mentions == 2  # both Tomsk reports are one case
    set_status(store.engine, case.id, store.case(case.id).version, "anna",  # type: ignore[union-attr]
               "confirmed")
    info = document_info(store, ids["tomsk.txt"])
    assert info is not None
    mention_key = info.mentions[0].mention_key

    gone = delete_document(store, ids["tomsk.txt"], user="boris")

    assert gone is not None and (gone.mentions, gone.figures, gone.cases) == (1, 0, [case.id])
    assert document_info(store, ids["tomsk.txt"]) is None
    assert [d.id for d in list_documents(store)] == sorted([ids["tomsk-again.txt"],
                                                            ids["festival.txt"]])
    [after] = case_records(store, limit=None)
    assert after.n_mentions == 1 and store.pending_links() == 0
    with store.engine.connect() as conn:
        log = conn.execute(select(review_log).order_by(review_log.c.id)).all()
    assert [r.action for r in log][-1] == DELETE_ACTION and "confirm" in [r.action for r in log]
    entry = log[-1]
    assert entry.user == "boris" and entry.id == gone.log_id
    assert entry.before["mentions"] == [mention_key]
    assert entry.before["title"] == "Tomsk reservists refuse"
    assert "deleted document" in entry.note and "1 mentions" in entry.note
    assert delete_document(store, ids["tomsk.txt"], user="boris") is None


def test_cli_documents(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/o.db"
    with open_store(db) as store:
        ids = _ingest(store, tmp_path / "in")
    runner = CliRunner()
    env = {"COLUMNS": "200", "NO_COLOR": "1"}
    listed = runner.invoke(app, ["documents", "list", "--db", db], env=env)
    assert listed.exit_code == 0 and "3 documents" in listed.output
    assert "tomsk.txt" in listed.output and str(tmp_path) not in listed.output
    shown = runner.invoke(app, ["documents", "show", str(ids["tomsk.txt"]), "--db", db], env=env)
    assert shown.exit_code == 0 and "1 mention, 0 figures" in shown.output
    assert "refusal: " in shown.output and "Twelve reservists from Tomsk" in shown.output
    refused = runner.invoke(app, ["documents", "delete", str(ids["tomsk.txt"]), "--db", db],
                            input="n\n", env=env)
    assert refused.exit_code == 1  # asked, and the answer was no
    deleted = runner.invoke(app, ["documents", "delete", str(ids["tomsk.txt"]), "--yes",
                                  "--user", "ana", "--db", db], env=env)
    assert deleted.exit_code == 0, deleted.output
    assert "deleted document" in deleted.output and "1 mention," in deleted.output
    missing = runner.invoke(app, ["documents", "show", "999", "--db", db], env=env)
    assert missing.exit_code == 2 and "no document 999" in missing.output
