"""Documents have versions: a new text at the same URL (or the same id in the same JSONL
file) supersedes the stored one. Its mentions replace the old ones (before, a corrected
"Twelve" -> "Fourteen" became a case counting 12-14), the old text stays as history, and
reviewers' decisions and the case follow the mention that continues the old one."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select, update

from otkaz.ingest import read_jsonl
from otkaz.link import relink, stats
from otkaz.models import Document, Incident, Range, Report
from otkaz.store import Store
from otkaz.store.schema import cases, mention_overrides, review_log

URL = "https://example.org/news/tank-crews"
OLD = ("Tank crews refuse\nTwelve contract soldiers from Buryatia refused to go back to the "
       "front near Bakhmut in March 2023, Free Ranks said.")
NEW = ("Tank crews refuse (corrected)\nFourteen contract soldiers from Buryatia refused to go "
       "back to the front near Bakhmut in March 2023, Free Ranks said.")


def version(text: str, count: int | None, url: str | None = URL) -> tuple[Document, Report]:
    doc = Document("tank-crews", text, date(2023, 4, 2), url, "Example News")
    if count is None:
        return doc, Report(doc.id)
    start = text.index("contract") - len(text.split("\n")[1].split()[0]) - 1
    end = text.index("refused") + len("refused")
    incident = Incident(type="refusal", actor=text[start:text.index(" from")], force="army",
                        count=Range(count, count), home="Buryatia", evidence=[(start, end)],
                        confidence=0.8)
    return doc, Report(doc.id, [incident])


def decide(store: Store) -> tuple[str, str]:
    """A reviewer confirms the case and corrects the mention's unit; (case key, mention key)."""
    (mention,) = store.mentions()
    case = store.case(mention.case_id or 0)
    assert case is not None
    with store.engine.begin() as conn:
        conn.execute(update(cases).where(cases.c.id == case.id).values(status="confirmed"))
        conn.execute(insert(mention_overrides).values(
            mention_key=mention.mention_key, field="unit", value="4th Tank Brigade",
            user="anna", at=store.documents()[0].ingested_at))
    return case.key, mention.mention_key


def test_a_new_text_at_the_same_url_replaces_the_mentions_and_keeps_history(
        store: Store) -> None:
    assert store.add(*version(OLD, 12), "v1")
    relink(store)
    case_key, old_key = decide(store)

    assert store.add(*version(NEW, 14), "v1")
    assert store.pending_links() == 1
    relink(store)

    (mention,) = store.mentions()  # replaced, not added
    assert mention.incident.count == Range(14, 14)
    (case,) = store.cases()
    assert (case.key, case.status, case.count_low, case.count_high) == (
        case_key, "confirmed", 14, 14)  # the reviewed case goes on, with the corrected count
    assert stats(store)["total"]["low"] == stats(store)["total"]["high"] == 14
    # the reviewer's correction followed the mention to its new key, and the move is logged
    (override,) = store.mention_overrides("unit")
    assert override.mention_key == mention.mention_key != old_key
    with store.engine.connect() as conn:
        moves = conn.execute(select(review_log.c.before, review_log.c.after)
                             .where(review_log.c.action == "rekey")).all()
    assert [tuple(m) for m in moves] == [(old_key, mention.mention_key)]
    # history: both texts kept, the old one marked superseded by the new
    current = store.documents()
    assert [d.document.text for d in current] == [NEW]
    history = store.versions(current[0].id)
    assert [v.document.text for v in history] == [OLD, NEW]
    assert history[0].superseded_by == current[0].id and history[1].superseded_by is None
    assert store.counts() == {"documents": 1, "mentions": 1, "figures": 0, "cases": 1}


def test_the_old_text_again_is_not_revived(store: Store) -> None:
    store.add(*version(OLD, 12), "v1")
    store.add(*version(NEW, 14), "v1")
    assert store.add(*version(OLD, 12), "v1") is False
    assert store.add(*version(OLD, 12), "v2") is False  # nor re-extracted as history
    assert store.has_document(version(OLD, 12)[0].sha256, "v2")
    assert [m.incident.count for m in store.mentions()] == [Range(14, 14)]


def test_a_version_without_incidents_leaves_no_stale_case_even_before_relinking(
        store: Store) -> None:
    store.add(*version(OLD, 12), "v1")
    relink(store)
    assert store.add(*version(NEW.replace("Fourteen contract soldiers", "Nobody"), None), "v1")
    # the machine case lost its only mention: gone at once, so a kill now counts nothing twice
    assert store.counts() == {"documents": 1, "mentions": 0, "figures": 0, "cases": 0}
    assert stats(store)["total"]["cases"] == 0


def test_documents_without_a_key_are_separate_documents(store: Store) -> None:
    store.add(*version(OLD, 12, url=None), "v1")
    store.add(*version(NEW, 14, url=None), "v1")
    assert store.counts()["documents"] == 2 and len(store.mentions()) == 2


def test_jsonl_ids_key_their_documents_and_duplicates_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    lines = [{"id": "a", "text": "First"}, {"text": "No id"}, {"id": "a", "text": "Again"},
             {"id": "b", "text": "Later"}, {"id": "u", "text": "Linked", "url": URL}]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    items = list(read_jsonl(path))
    keys = [getattr(i, "version_key", None) for i in items]
    assert keys == [f"{path.resolve()}#a", None, None, f"{path.resolve()}#b", URL]
    error = items[2]
    assert str(error) == (f"[E112] {path}: line 3: duplicate id 'a' (first on line 1); "
                          "line skipped")


def test_the_same_jsonl_id_with_a_new_text_supersedes(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    for text, count in ((OLD, 12), (NEW, 14)):
        path.write_text(json.dumps({"id": "tank-crews", "text": text}) + "\n", encoding="utf-8")
        (doc,) = list(read_jsonl(path))
        assert isinstance(doc, Document)
        store.add(doc, version(text, count, url=None)[1], "v1")
    relink(store)
    assert [m.incident.count for m in store.mentions()] == [Range(14, 14)]
    assert store.counts()["documents"] == 1
