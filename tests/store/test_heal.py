"""Linking heals: an ingest killed (SIGKILL) or interrupted (SIGINT) while reading, storing or
linking leaves mentions waiting to be linked, `otkaz status`/`stats` say so, and the next
ingest (or reextract, or `otkaz relink`) ends with exactly the totals of a clean run.

The ingest runs in a child process through the real CLI. A test-only wrapper script
(below) replaces the extractor with a regex one, so no process loads the spaCy model
(linking, not extraction, is under test), and pauses at the chosen stage by wrapping one
library function: it prints PAUSED and sleeps, and the test sends the signal then.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import otkaz.batch
from otkaz.cli import app
from otkaz.link import relink
from otkaz.models import Document, Incident, Range, Report
from otkaz.store import open_store

N_DOCS = 40
REGIONS = ("Buryatia", "Tuva", "Omsk", "Pskov", "Kursk", "Tomsk", "Chuvashia", "Tver")

WRAPPER = r"""
import os, signal, sys, time
# Ctrl-C must reach the child even when this suite runs where SIGINT is ignored (a job put in
# the background by a shell without job control): Python leaves an ignored SIGINT ignored
signal.signal(signal.SIGINT, signal.default_int_handler)
import otkaz.batch
sys.path.insert(0, os.environ["HEAL_TESTS"])
from test_heal import fake_extract

otkaz.batch.extract_safely = fake_extract
stage = os.environ.get("PAUSE_AT", "")


def pause():
    print("PAUSED", flush=True)
    time.sleep(600)


if stage == "reading":  # 32 documents stored (one chunk), the 36th being read
    import otkaz.ingest
    real_iter = otkaz.ingest.iter_documents

    def slow_iter(*args, **kwargs):
        for i, item in enumerate(real_iter(*args, **kwargs)):
            if i == 35:
                pause()
            yield item

    otkaz.ingest.iter_documents = slow_iter
elif stage == "storing":  # 32 documents stored (one chunk), the next chunk's transaction open
    from otkaz.store import Store
    real_insert, n = Store._insert_new, [0]

    def slow_insert(self, *args):
        n[0] += 1
        if n[0] == 2:
            pause()
        return real_insert(self, *args)

    Store._insert_new = slow_insert
elif stage == "linking":  # cases written, mentions not yet placed in them
    from otkaz.store import Store

    def slow_set(self, assignments, **kwargs):
        pause()

    Store.set_mention_cases = slow_set

from otkaz.cli import app
app(prog_name="otkaz")
"""


def fake_extract(docs: list[Document]) -> list[Report]:
    """One incident per "N soldiers from REGION refused" (a stand-in for the model)."""
    reports = []
    for doc in docs:
        incidents = [Incident(type="refusal", actor=f"{m[1]} soldiers", force="army",
                              count=Range(int(m[1]), int(m[1])), home=m[2],
                              evidence=[m.span()])
                     for m in re.finditer(r"(\d+) soldiers from (\w+) refused", doc.text)]
        reports.append(Report(doc.id, incidents))
    return reports


def write_corpus(folder: Path) -> list[str]:
    """40 documents in two JSONL files: 8 incidents, each told by 5 outlets."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for part in range(2):
        path = folder / f"part{part}.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for i in range(part * N_DOCS // 2, (part + 1) * N_DOCS // 2):
                region = REGIONS[i % len(REGIONS)]
                count = 10 + i % len(REGIONS)
                text = (f"Report {i}\n{count} soldiers from {region} refused to go to the front "
                        f"in March 2023, outlet {i} wrote.")
                f.write(json.dumps({"id": f"d{i}", "text": text, "outlet": f"Outlet {i}",
                                    "published": date(2023, 4, 1 + i % 20).isoformat()}) + "\n")
        files.append(str(path))
    return files


def totals(url: str) -> dict[str, object]:
    """What must not depend on how the runs went: counts, case keys and the stats."""
    from otkaz.link import stats

    with open_store(url) as store:
        return {"counts": store.counts(), "pending": store.pending_links(),
                "cases": sorted((c.key, c.n_mentions, c.count_low, c.count_high)
                                for c in store.cases()),
                "stats": stats(store, by="region")}


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})
    return result.exit_code, result.output


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(otkaz.batch, "extract_safely", fake_extract)


def start_paused(url: str, sources: list[str], stage: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PAUSE_AT": stage, "HEAL_TESTS": str(Path(__file__).parent),
           "COLUMNS": "200", "NO_COLOR": "1"}
    child = subprocess.Popen([sys.executable, "-c", WRAPPER, "ingest", *sources, "--db", url],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if line.strip() == "PAUSED":
            return child
        if not line and child.poll() is not None:
            break
    child.kill()
    raise AssertionError(f"the child never paused: {child.communicate()[1]}")


@pytest.fixture
def clean(tmp_path: Path, fake_model: None) -> tuple[list[str], dict[str, object]]:
    """The corpus, and the totals of one uninterrupted ingest of it (on SQLite)."""
    sources = write_corpus(tmp_path / "corpus")
    url = f"sqlite:///{tmp_path / 'clean.db'}"
    code, output = cli("ingest", *sources, "--db", url)
    assert code == 0, output
    return sources, totals(url)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
@pytest.mark.parametrize("stage", ["reading", "storing", "linking"])
def test_an_interrupted_ingest_is_finished_by_the_next(
        db_url: str, stage: str, sig: signal.Signals,
        clean: tuple[list[str], dict[str, object]]) -> None:
    sources, expected = clean
    child = start_paused(db_url, sources, stage)
    os.kill(child.pid, sig)
    _, stderr = child.communicate(timeout=60)
    if sig == signal.SIGKILL:
        assert child.returncode == -signal.SIGKILL
    with open_store(db_url) as store:
        stored, waiting = store.counts(), store.pending_links()
    if sig == signal.SIGINT:  # Ctrl-C: one line saying what was kept, no traceback, exit 130
        assert child.returncode == 130, stderr
        assert "Traceback" not in stderr
        assert [line for line in stderr.splitlines() if line.strip()] == [
            f"Interrupted: {stored['documents']} documents stored, {stored['cases']} cases; "
            f"{waiting} mentions wait to be linked; run again to continue (what is stored is "
            "skipped)"]
    # what the interrupted run stored, and that none of it is linked yet
    assert stored["documents"] == {"reading": 32, "storing": 32, "linking": N_DOCS}[stage]
    assert waiting == stored["mentions"] > 0
    code, output = cli("status", "--db", db_url)
    assert code == 0 and f"{waiting} mentions waiting to be linked" in output
    code, output = cli("stats", "--db", db_url)
    assert code == 0 and f"{waiting} mentions waiting to be linked" in output

    code, output = cli("ingest", *sources, "--db", db_url)
    assert code == 0, output
    assert f"linked {waiting} mentions an earlier, interrupted run left waiting" in output
    assert totals(db_url) == expected


@pytest.mark.parametrize("command", ["reextract", "relink"])
def test_reextract_and_relink_finish_linking_after_a_kill(
        db_url: str, command: str, clean: tuple[list[str], dict[str, object]]) -> None:
    sources, expected = clean
    child = start_paused(db_url, sources, "linking")
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=60)
    assert totals(db_url)["pending"] == N_DOCS

    code, output = cli(command, "--db", db_url)
    assert code == 0, output
    assert totals(db_url) == expected


def test_serve_finishes_linking_when_it_starts(
        sqlite_url: str, clean: tuple[list[str], dict[str, object]]) -> None:
    from otkaz.web import create_app

    sources, expected = clean
    child = start_paused(sqlite_url, sources, "storing")
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=60)
    assert totals(sqlite_url)["pending"] == 32  # the second chunk was rolled back whole

    create_app(sqlite_url).state.store.close()
    after = totals(sqlite_url)
    assert after["pending"] == 0 and after["counts"]["documents"] == 32  # type: ignore[index]
    code, _ = cli("ingest", *sources, "--db", sqlite_url)
    assert code == 0 and totals(sqlite_url) == expected


def test_a_relink_that_missed_new_mentions_goes_again(sqlite_url: str) -> None:
    """A mention stored while a relink runs is not marked linked by it (mentions_version)."""
    with open_store(sqlite_url) as store:
        doc = Document("a", "12 soldiers from Tuva refused.")
        store.add(doc, fake_extract([doc])[0], "v1")
        seen = store.mentions_version()
        late = Document("b", "14 soldiers from Omsk refused.")
        store.add(late, fake_extract([late])[0], "v1")
        assert store.mark_linked(seen) is False
        assert store.pending_links() == 2
        relink(store)
        assert store.pending_links() == 0
        assert store.counts()["cases"] == 2


def test_four_concurrent_ingests_end_with_the_clean_totals(
        db_url: str, clean: tuple[list[str], dict[str, object]]) -> None:
    """Before: on PostgreSQL, 2 runs of 4 failed with UniqueViolation on uq_cases_key."""
    sources, expected = clean
    env = {**os.environ, "HEAL_TESTS": str(Path(__file__).parent), "PAUSE_AT": ""}
    orders = [sources, sources[::-1], sources, sources[::-1]]
    children = [subprocess.Popen([sys.executable, "-c", WRAPPER, "ingest", *order,
                                  "--db", db_url], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=env)
                for order in orders]
    results = [c.communicate(timeout=120) for c in children]
    assert [c.returncode for c in children] == [0] * 4, [e for _, e in results]
    assert totals(db_url) == expected


def test_upgrading_a_crashed_database_shows_its_unlinked_mentions(sqlite_url: str) -> None:
    """Migration 0004: mentions a crash left with no case count as waiting."""
    from alembic import command
    from sqlalchemy import text

    from otkaz.store.engine import alembic_config, make_engine

    with open_store(sqlite_url) as store:
        for i, n in enumerate((12, 14)):
            doc = Document(f"d{i}", f"{n} soldiers from Tuva refused.")
            store.add(doc, fake_extract([doc])[0], "v1")
        relink(store)
    engine = make_engine(sqlite_url)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0003")
        conn.execute(text("UPDATE mentions SET case_id = NULL WHERE document_id = 2"))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    engine.dispose()
    with open_store(sqlite_url) as store:
        assert store.pending_links() == 1
