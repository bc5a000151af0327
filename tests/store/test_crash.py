"""Several processes: a writer killed with SIGKILL leaves every stored document whole (a
re-run completes the rest), and concurrent writers on a fresh database store each text once.

A child process adds documents one by one; document i has `i % 7 * 15 + 1`
mentions and `i % 3` figures. It is killed either at a moment chosen by the
parent (random) or deliberately in the middle of a transaction, after some of
a document's mentions have been sent to the database but before the commit.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from otkaz.store import open_store

N_DOCS = 150

SCRIPT = r"""
import sys, time
from sqlalchemy import event
from otkaz.models import Document, Figure, Incident, Range, Report
from otkaz.store import open_store

url, n_docs, stop_at = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open_store(url) as store:
    current = [-1]

    @event.listens_for(store.engine, "after_cursor_execute")
    def _pause(conn, cursor, statement, params, context, executemany):
        if current[0] == stop_at and statement.lstrip().upper().startswith("INSERT INTO MENTIONS"):
            print("MID", flush=True)  # mentions written, transaction still open
            time.sleep(120)

    for i in range(n_docs):
        current[0] = i
        doc = Document(id=f"d{i}", text=f"Document {i}: " + "soldiers refused. " * (i % 5 + 1))
        incidents = [Incident(type="refusal", actor=f"group {j}", evidence=[(j, j + 3)])
                     for j in range(i % 7 * 15 + 1)]
        figures = [Figure(measure="refusers", value=Range(j, j)) for j in range(i % 3)]
        store.add(doc, Report(doc.id, incidents, figures), "v1")
        print(i, flush=True)
"""


def _expected_mentions(i: int) -> int:
    return i % 7 * 15 + 1


def _run_and_kill(url: str, stop_at: int, kill_after: int) -> list[str]:
    """Start the writer, SIGKILL it after `kill_after` lines (or on "MID"); its output lines."""
    child = subprocess.Popen([sys.executable, "-c", SCRIPT, url, str(N_DOCS), str(stop_at)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            line = child.stdout.readline().strip()
            if not line:
                break
            lines.append(line)
            if line == "MID" or len(lines) >= kill_after:
                break
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""
    return lines


def _assert_every_stored_document_is_whole(url: str) -> int:
    with open_store(url) as store:
        records = list(store.records())
    for record in records:
        i = int(record.document.document.id[1:])
        assert len(record.mentions) == _expected_mentions(i), f"document {i} is partial"
        assert len(record.figures) == i % 3
    return len(records)


@pytest.mark.parametrize("mode", ["mid-transaction", "random"])
def test_kill_9_leaves_no_partial_document(db_url: str, mode: str) -> None:
    stop_at = 40 if mode == "mid-transaction" else -1
    lines = _run_and_kill(db_url, stop_at, kill_after=N_DOCS + 1 if stop_at >= 0 else 25)

    done = [int(x) for x in lines if x.isdigit()]
    assert done == list(range(len(done))) and 0 < len(done) < N_DOCS
    stored = _assert_every_stored_document_is_whole(db_url)
    if mode == "mid-transaction":
        assert lines[-1] == "MID" and stored == stop_at  # document 40 rolled back entirely
    else:
        assert stored in (len(done), len(done) + 1)  # the last add may commit before its print

    rerun = subprocess.run([sys.executable, "-c", SCRIPT, db_url, str(N_DOCS), "-1"],
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert _assert_every_stored_document_is_whole(db_url) == N_DOCS
    with open_store(db_url) as store:
        assert store.counts() == {
            "documents": N_DOCS,
            "mentions": sum(_expected_mentions(i) for i in range(N_DOCS)),
            "figures": sum(i % 3 for i in range(N_DOCS)),
            "cases": 0,
        }


WRITER = r"""
import sys
from otkaz.models import Document, Incident, Report
from otkaz.store import open_store

with open_store(sys.argv[1]) as store:
    added = 0
    for i in range(40):
        doc = Document(id=f"d{i}", text=f"Document {i}: soldiers refused.")
        added += store.add(doc, Report(doc.id, [Incident(type="refusal", actor="x")] * 2), "v1")
    print(added)
"""


def test_concurrent_writers_on_a_fresh_database_store_each_document_once(db_url: str) -> None:
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, db_url], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [w.communicate(timeout=120) for w in writers]
    assert [w.returncode for w in writers] == [0, 0, 0], [err for _, err in results]
    assert sum(int(out) for out, _ in results) == 40  # each document added by exactly one
    with open_store(db_url) as store:
        assert store.counts() == {"documents": 40, "mentions": 80, "figures": 0, "cases": 0}
