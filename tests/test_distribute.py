"""Extraction on a Dask distributed cluster and in bounded memory: the same reports, in the
same order, as one process; at most a few chunks in flight; a bad address is one line."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from otkaz import distribute
from otkaz.batch import extract_jsonl
from otkaz.distribute import DaskPool, ScatteredCall, Wire, extract_ordered
from otkaz.errors import ExtractError
from otkaz.models import Document, Report

TEXTS = [
    "Twelve riot police officers from Krasnodar refused to go to Ukraine, their lawyer said "
    "on Monday.",
    "The regional library will stay open late on Thursdays from next month.",
    "Riot police refuse\nTwelve riot police officers from Krasnodar refused to go to "
    "Ukraine, their lawyer said on Monday.",
    "About 30 mobilised men from Chuvashia left their unit near Belgorod and went home, the "
    "outlet Astra reported.",
    "A new bridge over the Ob river was opened to traffic in Novosibirsk.",
    "Contract soldier deserts\nA contract soldier from Buryatia deserted from his unit in "
    "October, a court in Ulan-Ude said.",
]


def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": t, "published": "2023-06-05"})
                            + "\n" for i, t in enumerate(TEXTS)), encoding="utf-8")
    return path


def test_a_dask_cluster_gives_the_same_reports_in_order(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    from otkaz.extract.pipeline import load_pipeline

    docs = corpus(tmp_path)
    alone = io.StringIO()
    s1 = extract_jsonl(str(docs), alone)
    # a worker process of its own, so what it loads is not what this process loaded
    with LocalCluster(n_workers=1, processes=True, threads_per_worker=1,
                      dashboard_address=":0") as cluster:
        spread = io.StringIO()
        # chunks of two, so three chunks travel and come back in order
        s2 = extract_jsonl(str(docs), spread, scheduler=cluster.scheduler_address,
                           chunk_size=2)
        with Client(cluster.scheduler_address) as client:
            loads = client.run(lambda: load_pipeline.cache_info())
    assert spread.getvalue() == alone.getvalue()
    ids = [json.loads(line)["id"] for line in spread.getvalue().splitlines()]
    assert ids == [f"d{i}" for i in range(len(TEXTS))]
    assert s1.incidents == s2.incidents >= 3
    # loaded once on the worker (by the plugin), and every chunk found it loaded
    assert [(info.misses, info.hits) for info in loads.values()] == [(1, 3)]


def test_the_environment_names_the_scheduler(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTKAZ_DASK_SCHEDULER", "tcp://127.0.0.1:1")
    monkeypatch.setattr(distribute, "CONNECT_TIMEOUT_S", 1)  # nothing answers there
    with pytest.raises(ExtractError) as caught:
        extract_jsonl(str(corpus(tmp_path)), io.StringIO())
    assert caught.value.code == "E220"


def test_a_bad_scheduler_address_is_one_line(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from otkaz.cli import app

    monkeypatch.setattr(distribute, "CONNECT_TIMEOUT_S", 1)  # nothing answers there
    result = CliRunner().invoke(app, ["extract", str(corpus(tmp_path)), "--scheduler",
                                      "tcp://127.0.0.1:1"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith("error: [E220] cannot reach the Dask scheduler at "
                               "'tcp://127.0.0.1:1'")
    assert "Traceback" not in result.output


class CountingPool:
    """A pool that runs nothing until asked: it records what was submitted, and each
    future's result is made when the consumer waits on it."""

    def __init__(self) -> None:
        self.submitted = 0
        self.finished = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted += 1
        future: Future[Any] = Future()
        docs: list[Document] = args[0]
        self.finished_on_wait(future, docs)
        return future

    def finished_on_wait(self, future: Future[Any], docs: list[Document]) -> None:
        original = future.result

        def result(timeout: float | None = None) -> Any:
            if not future.done():
                self.finished += 1
                future.set_result([Report(d.id).to_dict() for d in docs])
            return original(timeout)

        future.result = result  # type: ignore[method-assign]


def test_at_most_inflight_chunks_are_read_ahead() -> None:
    pool = CountingPool()
    read = [0]
    ahead: list[int] = []

    def chunks() -> Iterator[tuple[int, list[Document]]]:
        for i in range(50):
            read[0] += 1
            ahead.append(read[0] - pool.finished)  # chunks read but not yet given back
            yield i, [Document(f"c{i}-{j}", "text") for j in range(3)]

    out = list(extract_ordered(pool, chunks(), inflight=3))
    assert [key for key, _ in out] == list(range(50))
    assert [r.id for _, results in out for r in results][:4] == ["c0-0", "c0-1", "c0-2", "c1-0"]
    assert max(ahead) == 3 and pool.submitted == 50


def test_stopping_early_cancels_what_is_in_flight() -> None:
    pool = CountingPool()
    futures: list[Future[Any]] = []
    real_submit = pool.submit

    def submit(fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        futures.append(real_submit(fn, *args, **kwargs))
        return futures[-1]

    pool.submit = submit  # type: ignore[method-assign]
    stream = extract_ordered(pool, ((i, [Document(f"d{i}", "x")]) for i in range(10)),
                             inflight=4)
    assert next(stream)[0] == 0
    stream.close()
    assert [f.cancelled() for f in futures] == [False, True, True, True]


def test_ingest_on_a_cluster_stores_what_one_process_stores(tmp_path: Path) -> None:
    from distributed import LocalCluster

    from otkaz.batch import ingest_sources
    from otkaz.store import open_store

    docs = corpus(tmp_path)

    def stored(url: str, **where: Any) -> tuple[Any, ...]:
        with open_store(url) as store:
            summary = ingest_sources([str(docs)], store, batch_size=2, **where)
            return (summary.stored, store.counts(),
                    sorted((m.mention_key, m.incident.count) for m in store.mentions()),
                    sorted((c.key, c.n_mentions) for c in store.cases()))

    alone = stored(f"sqlite:///{tmp_path / 'alone.db'}")
    # in this process (the model is loaded already); one worker thread uses it
    with LocalCluster(n_workers=1, processes=False, threads_per_worker=1,
                      dashboard_address=":0") as cluster:
        spread = stored(f"sqlite:///{tmp_path / 'spread.db'}",
                        scheduler=cluster.scheduler_address)
    assert spread == alone
    assert alone[0] == len(TEXTS) and alone[1]["mentions"] >= 3


def ids_of(docs: list[Document]) -> Wire:
    """A stand-in for extract_chunk on a worker: the documents' ids as reports."""
    return [Report(d.id).to_dict() for d in docs]


def test_the_scheduler_keeps_no_documents_of_finished_chunks(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import cloudpickle
    from distributed import Client, LocalCluster

    from otkaz import distribute

    monkeypatch.setattr(distribute, "extract_chunk", ids_of)
    chunks = ((i, [Document(f"c{i}-{j}", f"SECRET-{i}-{j} " + "text " * 50) for j in range(3)])
              for i in range(30))
    with LocalCluster(n_workers=1, processes=False, threads_per_worker=1,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        out = list(extract_ordered(DaskPool(client), chunks, inflight=2))

        def state(dask_scheduler: Any) -> tuple[int, int, bytes]:
            # in the scheduler's loop, so nothing changes while it is read; the messages the
            # scheduler keeps of what it sent its workers (the last 1000 batches)
            sent = [list(s.recent_message_log) for s in dask_scheduler.stream_comms.values()]
            spans = dask_scheduler.extensions["spans"].spans.values()
            return (len(dask_scheduler.tasks), sum(len(s.groups) for s in spans),
                    cloudpickle.dumps(sent))

        deadline = time.monotonic() + 10
        while (now := client.run_on_scheduler(state))[0] and time.monotonic() < deadline:
            time.sleep(0.05)  # the last chunk's release is on its way
        tasks, groups, sent = now
        # and what the client keeps of what it sent the scheduler
        told = cloudpickle.dumps(list(client.scheduler_comm.recent_message_log))
    assert [key for key, _ in out] == list(range(30))
    assert [r.id for r in out[29][1] if isinstance(r, Report)] == ["c29-0", "c29-1", "c29-2"]
    assert tasks == 0  # no task and no chunk's data left
    assert groups == 1  # one TaskGroup for all the chunks, not one more per chunk
    # the logs hold the messages of all 30 chunks, and no document of any
    assert b"ids_of-" in sent and b"SECRET-" not in sent
    assert b"SECRET-" not in told


class LosingClient:
    """A Dask client whose first task is cancelled, as when the worker holding its
    scattered data dies; it records what was scattered and submitted."""

    def __init__(self) -> None:
        self.scattered: list[dict[str, Any]] = []
        self.submitted: list[tuple[Any, ...]] = []

    def scatter(self, data: dict[str, Any]) -> dict[str, str]:
        self.scattered.append(data)
        return {k: f"future of {k}" for k in data}

    def submit(self, fn: Callable[..., Any], /, *args: Any, pure: bool = True) -> Any:
        from distributed.client import FutureCancelledError

        self.submitted.append(args)
        future: Future[Any] = Future()
        if len(self.submitted) == 1:
            future.set_exception(FutureCancelledError("k", "lost dependencies"))
        else:
            future.set_result(["done"])
        return future


def test_a_chunk_whose_data_was_lost_is_submitted_again() -> None:
    from distributed.client import FutureCancelledError

    client = LosingClient()
    docs = [Document("d0", "text")]
    assert DaskPool(client).submit(ids_of, docs).result() == ["done"]
    # scattered twice, each time as one object (the list), under a key named after the
    # function; the task got the data's future, not the documents
    assert [list(d.values()) for d in client.scattered] == [[docs], [docs]]
    assert all(k.startswith("ids_of-") for d in client.scattered for k in d)
    assert client.submitted[1] == (f"future of {next(iter(client.scattered[1]))}",)
    # no second try for a call that was cancelled on purpose, nor past the retries
    call = ScatteredCall(LosingClient(), ids_of, (docs,), {})
    call.cancel()
    with pytest.raises(FutureCancelledError):
        call.result()
    with pytest.raises(FutureCancelledError):
        ScatteredCall(LosingClient(), ids_of, (docs,), {}, retries=0).result()
