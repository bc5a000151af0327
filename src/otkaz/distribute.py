"""Extraction spread over local processes or a Dask cluster, chunk by chunk, in input order.

    with open_pool(workers=2) as pool:                       # or scheduler="tcp://h:8786"
        for key, results in extract_ordered(pool, ((i, c) for i, c in enumerate(chunks))):
            ...                                              # results: Report | SourceError

`open_pool` gives None (extract in this process), a process pool of `workers`
processes (`--workers N`), or a client of the Dask distributed cluster at
`scheduler` (`--scheduler ADDRESS`, or the environment variable
OTKAZ_DASK_SCHEDULER). Each process or Dask worker loads the NLP pipeline once,
when it starts (a pool initializer, a worker plugin), never per chunk.

`extract_ordered` keeps at most `inflight` chunks submitted at a time and
yields their results in the order the chunks came, so memory stays bounded
however long the input is, and output is written in input order. Reports
travel between processes as FORMAT.md dicts (Report.to_dict), as they would to
a file.
"""

from __future__ import annotations

import os
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from otkaz.errors import ExtractError, SourceError
from otkaz.models import Document, Report

K = TypeVar("K")
SCHEDULER_ENV = "OTKAZ_DASK_SCHEDULER"
CONNECT_TIMEOUT_S = 10  # how long a --scheduler address may take to answer
Wire = list[dict[str, Any] | SourceError]  # one chunk's results as they cross processes


class Pool(Protocol):
    """What runs chunks elsewhere: `concurrent.futures` executors and `distributed.Client`
    both submit a function and give a future whose `.result()` waits for it."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any: ...


class DaskPool:
    """A `distributed.Client` as a Pool: each call's arguments are scattered to a worker
    first, then the call is submitted as an impure task (every chunk runs, even one with the
    same documents as another) that reads them there.

        pool = DaskPool(client)
        reports = pool.submit(extract_chunk, docs).result()

    Why scatter: a task whose arguments are inline travels in the scheduler's batched
    streams (client -> scheduler, scheduler -> worker), and the sender of each keeps its
    last 1000 batches (`distributed.admin.low-level-log-length`) for debugging, documents
    included, so memory grew with the input until those logs were full (2 x 1000 chunks). A
    scattered argument travels by a plain RPC, which nothing keeps; the task then carries
    only its key, and the data is dropped once the task no longer needs it.
    """

    def __init__(self, client: Any) -> None:
        self.client = client

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> ScatteredCall:
        return ScatteredCall(self.client, fn, args, kwargs)

    def workers(self) -> int:
        """How many workers the cluster has now."""
        return len(self.client.scheduler_info().get("workers", {}))


class ScatteredCall:
    """`fn(*args, **kwargs)` on a Dask cluster, each of `args` scattered as one object (a
    list stays one list) and `kwargs` inline; `.result()` and `.cancel()` as a future's.

    Scattered data cannot be recomputed: if the worker holding it leaves before the task
    has read it, the scheduler cancels the task. Such a call is submitted again, up to
    `retries` times, as the scheduler itself retries a task whose worker died; the
    arguments are kept here until the result is in (a few chunks: `inflight`).

        call = ScatteredCall(client, extract_chunk, (docs,), {})
        wire = call.result()
    """

    def __init__(self, client: Any, fn: Callable[..., Any], args: tuple[Any, ...],
                 kwargs: dict[str, Any], retries: int = 3) -> None:
        self.client, self.fn, self.args, self.kwargs = client, fn, args, kwargs
        self.retries = retries
        self.cancelled = False
        self.future = self._start()

    def _start(self) -> Any:
        from dask.utils import funcname

        # keys named as the task's own (`extract_chunk-<uuid>`) put the data in the task's
        # TaskGroup, which lives while any chunk is in flight: data of a group of its own
        # would leave a new, never freed TaskGroup in the scheduler's span for every chunk.
        # Data goes the way the client sends everything (through the scheduler, unless the
        # client was made with direct_to_workers=True), so it works wherever submit did.
        # The futures of the data are dropped here: the task keeps its inputs until it ends.
        keys = [f"{funcname(self.fn)}-{uuid.uuid4()}" for _ in self.args]
        data = self.client.scatter(dict(zip(keys, self.args, strict=True)))
        return self.client.submit(self.fn, *(data[k] for k in keys), pure=False,
                                  **self.kwargs)

    def result(self, timeout: float | None = None) -> Any:
        from distributed.client import FutureCancelledError

        while True:
            try:
                return self.future.result(timeout)
            except FutureCancelledError:
                if self.cancelled or self.retries <= 0:
                    raise
                self.retries -= 1
                self.future = self._start()

    def cancel(self) -> None:
        self.cancelled = True
        self.future.cancel()


def extract_chunk(docs: list[Document]) -> Wire:
    """Run on a worker: the reports of `docs` (as dicts) in order, a SourceError for each
    document that breaks the extractor (batch.extract_safely)."""
    from otkaz.batch import extract_safely

    return [r if isinstance(r, SourceError) else r.to_dict() for r in extract_safely(docs)]


def load_pipeline_once() -> None:
    """Load the NLP pipeline in this process (cached for its life): a pool's initializer."""
    from otkaz.extract.pipeline import load_pipeline

    load_pipeline()


def scheduler_address(scheduler: str | None) -> str | None:
    """The Dask scheduler to use: `scheduler`, else OTKAZ_DASK_SCHEDULER, else None."""
    return scheduler or os.environ.get(SCHEDULER_ENV) or None


def connect(address: str, timeout_s: float | None = None) -> Any:
    """A `distributed.Client` of the scheduler at `address`; ExtractError E220 when there is
    none there (refused, timed out, not a scheduler address)."""
    from distributed import Client

    from otkaz.dask_plugin import PipelinePlugin

    try:
        client = Client(address, timeout=f"{timeout_s or CONNECT_TIMEOUT_S}s",
                        set_as_default=False)
    except Exception as e:  # noqa: BLE001 - OSError, TimeoutError, ValueError...: one line
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise ExtractError(f"cannot reach the Dask scheduler at {address!r}: {reason}",
                           "E220") from None
    try:
        client.register_plugin(PipelinePlugin(), name=PipelinePlugin.name)
    except BaseException:
        client.close()
        raise
    return client


@contextmanager
def open_pool(workers: int = 1, scheduler: str | None = None) -> Iterator[Pool | None]:
    """Where chunks are extracted: None (this process), `workers` local processes, or the
    Dask cluster at `scheduler` (or OTKAZ_DASK_SCHEDULER), which wins over `workers`.

        >>> with open_pool(workers=1) as pool:
        ...     pool is None
        True
    """
    address = scheduler_address(scheduler)
    if address:
        client = connect(address)
        try:
            yield DaskPool(client)
        finally:
            client.close()
    elif workers > 1:
        import multiprocessing

        # spawn, not fork: a forked copy of a process with threads (a database pool, spaCy's
        # BLAS) can hang; each process imports otkaz and loads the pipeline once
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=load_pipeline_once) as executor:
            yield executor
    else:
        yield None


def inflight_for(pool: Pool | None, workers: int) -> int:
    """Chunks to keep submitted: two per worker, so none waits while results are written."""
    if isinstance(pool, DaskPool):
        workers = pool.workers()
    return max(2, 2 * workers)


def extract_ordered(pool: Pool | None, chunks: Iterable[tuple[K, list[Document]]], *,
                    inflight: int = 4,
                    local: Callable[[list[Document]], list[Report | SourceError]] | None = None,
                    ) -> Iterator[tuple[K, list[Report | SourceError]]]:
    """(key, results) for each (key, chunk) of `chunks`, in their order.

    With no pool each chunk is extracted here by `local` (batch.extract_safely) before the
    next is read. With a pool at most `inflight` chunks are submitted at a time: reading
    waits for the oldest to finish. A chunk with no documents is not submitted. If the
    caller stops early (an error, Ctrl-C), the chunks still submitted are cancelled.
    """
    if pool is None:
        if local is None:
            from otkaz import batch  # looked up now: tests replace batch.extract_safely

            local = batch.extract_safely
        for key, docs in chunks:
            yield key, (local(docs) if docs else [])
        return
    queue: deque[tuple[K, Any]] = deque()
    try:
        for key, docs in chunks:
            queue.append((key, pool.submit(extract_chunk, docs) if docs else None))
            while len(queue) >= inflight:
                yield _done(queue.popleft())
        while queue:
            yield _done(queue.popleft())
    finally:
        for _, future in queue:
            if future is not None:
                future.cancel()


def _done(item: tuple[K, Any]) -> tuple[K, list[Report | SourceError]]:
    key, future = item
    wire: Wire = [] if future is None else future.result()
    return key, [r if isinstance(r, SourceError) else Report.from_dict(r) for r in wire]
