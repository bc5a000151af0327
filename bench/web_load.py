"""Web load benchmark: the filtered case list over 100,000 synthetic cases, 20 clients at once.

    .venv/bin/python bench/web_load.py [--cases 100000] [--clients 20] [--requests 4000]
                                       [--seconds 60] [--db PATH] [--keep] [--cache both]
                                       [--queries 1000]

Fills an SQLite store by bulk inserts straight into its tables (documents,
mentions and cases, one mention per case), starts `otkaz.web.serve` in a child
process on 127.0.0.1, and runs `--clients` concurrent clients (each on one keep-alive
HTTP/1.1 connection, reading every answer whole: lean asyncio streams, or httpx with
`--client httpx`) against the case list page and its .json twin with a seeded mix of
filters, sorts and pages,
until `--requests` requests are done or `--seconds` have passed. Prints the
p50/p95/p99 latency and requests/s of each endpoint. `--cache on` measures the
server as shipped (answers remembered per data version and query), `off` with
every cache turned off (each request queries the database), `both` runs the two
one after the other. Only 127.0.0.1 is contacted; the loop is bounded in count
and time.

Measured 2026-12-01 on the 2-core dev machine (shared with the load clients),
one server process with 2 threads, 20 clients, 100,000 cases (p95; requests/s;
server CPU per request):
    1000 queries, as shipped (cache and index on)   86 and 97 ms  514-531 rps  1.8 ms
    1000 queries, cache off (index on)              120 ms        286 rps      3.4 ms
    1000 queries, cache and index off (SQL only)    266 ms        104 rps     14.8 ms
    50 queries (hot cache)                           36 ms        946 rps      0.6 ms
Before the in-memory index (2026-11-29): 305 ms as shipped, 464 ms cache off.
These figures were taken with httpx clients, which spent about 2.3 ms of the shared
CPU per request (the lean client: 0.2 ms); see README "Scaling" for the million-case
figures with the lean client.
The p95 moves by +-10 ms from run to run on this machine; a second process
(`--workers 2`) does not help here, as the clients use the other core.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import httpx  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from otkaz.store import open_store  # noqa: E402
from otkaz.store.schema import cases, documents, mentions  # noqa: E402

FORCES = ("army", "army", "army", "airborne", "marines", "navy", "rosgvardia", "police",
          "pmc", "proxy")
OUTCOMES = ("detained", "returned_home", "prosecuted", "convicted", "dismissed", "threatened")
REGIONS = [("Buryatia", 52.0, 108.0), ("Omsk", 54.98, 73.37), ("Tomsk", 56.5, 84.97),
           ("Belgorod", 50.6, 36.6), ("Kherson", 46.64, 32.61), ("Luhansk", 48.57, 39.31),
           ("Donetsk", 48.0, 37.8), ("Pskov", 57.82, 28.33), ("Kursk", 51.73, 36.19),
           ("Rostov Oblast", 47.23, 39.72), ("Dagestan", 42.98, 47.5), ("Tuva", 51.72, 94.45),
           ("Krasnodar", 45.04, 38.98), ("Vladivostok", 43.12, 131.9), ("Kaliningrad", 54.7, 20.5),
           ("Crimea", 45.3, 34.4), ("Zaporizhzhia", 47.84, 35.14), ("Bryansk", 53.24, 34.36)]
BATCH = 5000
T = TypeVar("T")


def synthetic_rows(rnd: random.Random, first: int, stop: int, now: datetime
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows of documents, mentions and cases for synthetic cases `first` to `stop` - 1 (ids
    from first + 1): each case with one mention in its own small document."""
    start = date(2022, 2, 24)
    docs, ments, rows = [], [], []
    for i in range(first, stop):
        kind = "refusal" if rnd.random() < 0.6 else "desertion"
        force = rnd.choice(FORCES)
        home, hlat, hlon = rnd.choice(REGIONS)
        place, plat, plon = rnd.choice(REGIONS)
        low = rnd.choice((1, 2, 3, 5, 10, 12, 20, 40, 60, 100))
        high = low if rnd.random() < 0.7 else low * 2
        day = start + timedelta(days=rnd.randrange(0, 1200))
        outcome = rnd.choice(OUTCOMES)
        actor = f"{low} {force} servicemen from {home}"
        text = (f"Report {i}\n{actor} {'refused to fight' if kind == 'refusal' else 'fled'}"
                f" near {place} on {day.isoformat()} and were {outcome.replace('_', ' ')}.")
        n_mentions = rnd.choice((1, 1, 1, 2, 3, 5))
        docs.append({"id": i + 1, "sha256": f"{i:064x}", "source_id": f"synthetic-{i}",
                     "url": None, "outlet": f"Outlet {i % 97}", "title": f"Report {i}",
                     "published": day + timedelta(days=3), "text": text,
                     "ingested_at": now, "pipeline_version": "bench",
                     "extracted_at": now})
        ments.append({"id": i + 1, "document_id": i + 1, "idx": 0,
                      "mention_key": f"{i:064x}:0:{kind}", "pipeline_version": "bench",
                      "type": kind, "actor": actor, "force": force, "personnel": [],
                      "unit": None, "count_low": low, "count_high": high,
                      "has_count": True, "home": home, "place": place,
                      "home_geo": None, "place_geo": None, "home_lat": hlat,
                      "home_lon": hlon, "place_lat": plat, "place_lon": plon,
                      "when_start": day, "when_end": day, "sources": [],
                      "outcomes": [outcome], "evidence": [[len(f"Report {i}\n"),
                                                           len(text)]],
                      "spans": {}, "chain": [], "confidence": None, "case_id": i + 1,
                      # placed in its case already: a server that starts finds nothing to relink
                      "linked": True})
        rows.append({"id": i + 1, "key": f"case-{i:016x}", "created_at": now,
                     "updated_at": now, "status": rnd.choice(
                         ("machine",) * 8 + ("confirmed", "rejected")),
                     "version": 1, "merged": {"actor": {"value": actor}},
                     "type": kind, "force": force, "count_low": low, "count_high": high,
                     "when_start": day, "when_end": day, "home": home, "place": place,
                     "place_lat": plat, "place_lon": plon, "n_mentions": n_mentions,
                     "n_origins": rnd.randint(1, n_mentions)})
    return docs, ments, rows


def fill(url: str, n_cases: int, seed: int) -> None:
    """Bulk-insert `n_cases` synthetic cases, each with one mention in its own small document."""
    rnd = random.Random(seed)
    now = datetime.now(UTC)
    store = open_store(url)
    with store.engine.begin() as conn:
        for first in range(0, n_cases, BATCH):
            docs, ments, rows = synthetic_rows(rnd, first, min(n_cases, first + BATCH), now)
            conn.execute(insert(documents), docs)
            conn.execute(insert(cases), rows)
            conn.execute(insert(mentions), ments)
    store.close()


WORDS = ("refused", "fled", "detained", "fight", "servicemen", "prosecuted", "marines",
         "army", "returned home", "refused to fight")


def urls(rnd: random.Random, n_queries: int = 1000) -> list[str]:
    """A seeded mix of filtered case-list queries, each for the page and its .json twin."""
    queries = []
    for _ in range(n_queries):
        params = []
        if rnd.random() < 0.5:
            params.append(f"type={rnd.choice(('refusal', 'desertion'))}")
        if rnd.random() < 0.4:
            params.append(f"force={rnd.choice(FORCES)}")
        if rnd.random() < 0.3:
            params.append(f"place={rnd.choice(REGIONS)[0][:5].lower()}")
        if rnd.random() < 0.3:
            y = rnd.choice((2022, 2023, 2024, 2025))
            params.append(f"date_from={y}-01-01&date_to={y}-06-30")
        if rnd.random() < 0.2:
            params.append(f"min_origins={rnd.randint(2, 4)}")
        if rnd.random() < 0.15:
            params.append(f"outcome={rnd.choice(OUTCOMES)}")
        if rnd.random() < 0.15:
            params.append(f"status={rnd.choice(('machine', 'confirmed'))}")
        if rnd.random() < 0.1:
            params.append(f"q={rnd.choice(WORDS).replace(' ', '+')}")
        if rnd.random() < 0.4:
            params.append(f"sort={rnd.choice(('when', 'count', 'origins', 'id'))}"
                          f"&order={rnd.choice(('asc', 'desc'))}")
        if rnd.random() < 0.3:
            params.append(f"page={rnd.randint(2, 20)}")
        queries.append("&".join(params))
    return [f"/cases{suffix}?{q}" for q in queries for suffix in ("", ".json")]


async def load(base: str, paths: list[str], clients: int, total: int, seconds: float,
               client: str = "raw", trace: list[tuple[float, float, str]] | None = None
               ) -> dict[str, list[float]]:
    """Run the clients; latencies (seconds) per endpoint ("page" or "json").

    Each client keeps one HTTP/1.1 connection open and reads every answer whole.
    `client` "raw" speaks HTTP over asyncio streams (RawClient), "httpx" uses an
    httpx.AsyncClient: on 2 shared cores httpx's own CPU (about 2.8 ms a request
    under 20 clients, against 0.3 ms raw) is taken from the server it measures.
    `trace` gets (start, seconds, path) of every request.
    """
    results: dict[str, list[float]] = {"page": [], "json": []}
    failures: list[str] = []
    deadline = time.monotonic() + seconds
    counter = iter(range(total))

    async def one(n: int) -> None:
        rnd = random.Random(n)
        http: RawClient | httpx.AsyncClient = (
            RawClient(base) if client == "raw" else httpx.AsyncClient(base_url=base, timeout=30))
        async with http:
            for _ in counter:
                if time.monotonic() > deadline:
                    return
                path = rnd.choice(paths)
                began = time.perf_counter()
                answer = await http.get(path)
                took = time.perf_counter() - began
                if answer.status_code != 200:
                    failures.append(f"{answer.status_code} {path}")
                results["json" if ".json?" in path else "page"].append(took)
                if trace is not None:
                    trace.append((began, took, path))

    await asyncio.gather(*(one(n) for n in range(clients)))
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, e.g. {failures[:3]}")
    return results


@dataclass
class RawAnswer:
    """What RawClient.get returns: the status and the whole body."""

    status_code: int
    content: bytes


class RawClient:
    """A lean HTTP/1.1 GET client on one keep-alive connection (asyncio streams).

        >>> async with RawClient("http://127.0.0.1:8000") as http:     # doctest: +SKIP
        ...     answer = await http.get("/cases.json?type=refusal")

    It reads each answer whole: the body by Content-Length, or chunk by chunk
    when chunked; it reconnects when the server closes the connection. Paths
    must be ASCII (the load mix's are).
    """

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def __aenter__(self) -> RawClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        if self.writer is not None:
            self.writer.close()

    async def get(self, path: str) -> RawAnswer:
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        reader = self.reader
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                          "Accept-Encoding: identity\r\n\r\n".encode("ascii"))
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        headers = dict(line.lower().split(": ", 1) for line in head[1:] if ": " in line)
        if "content-length" in headers:
            body = await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            pieces = []
            while size := int((await reader.readuntil(b"\r\n"))[:-2].split(b";")[0], 16):
                pieces.append(await reader.readexactly(size + 2))
            await reader.readuntil(b"\r\n")  # the empty trailer
            body = b"".join(p[:-2] for p in pieces)
        else:  # no length: the body ends with the connection
            body = await reader.read()
            headers["connection"] = "close"
        if headers.get("connection") == "close":
            self.writer.close()
            self.reader = self.writer = None
        return RawAnswer(status, body)


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run the load on uvloop (the server's loop too): less of the shared CPU than asyncio's."""
    import uvloop

    return uvloop.run(coroutine)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(base: str, child: subprocess.Popen[Any], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise SystemExit("the server exited before answering")
        try:
            if httpx.get(f"{base}/cases.json?per_page=1", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("the server did not answer in time")


def _family(pid: int) -> set[int]:
    """Process `pid` and its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    family, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    return family


def _cpu_of(pids: set[int]) -> float:
    total = 0.0
    for member in pids:
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds used so far by process `pid` and its children (Linux /proc)."""
    return _cpu_of(_family(pid))


def _postgres_cpu() -> float:
    """CPU seconds used so far by every PostgreSQL process on this machine (its backends
    serve the server's queries; other users' queries count too, so read it on a quiet
    machine)."""
    pids = set()
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() in ("postgres", "postmaster"):
                pids.add(int(comm.parent.name))
        except (OSError, ValueError):
            continue
    return _cpu_of(pids)


def _rss_mb(pid: int) -> float:
    """Resident memory of process `pid` and its children now, in MB."""
    total = 0
    for member in _family(pid):
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _server(url: str, port: int, workers: int, threads: int, cache: bool, index: bool = True
            ) -> subprocess.Popen[Any]:
    """The dashboard in a child process, as `otkaz.web.serve` runs it (uvicorn options too)."""
    if workers > 1:
        code = ("from otkaz.web import serve; "
                f"serve(host='127.0.0.1', port={port}, db={url!r}, workers={workers})")
    else:
        code = ("import uvicorn; from otkaz.web.app import UVICORN_OPTIONS, create_app; "
                f"uvicorn.run(create_app({url!r}, cache={cache}, index={index}), host='127.0.0.1', "
                f"port={port}, **UVICORN_OPTIONS)")
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.DEVNULL,
        env={"PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"),
             "OTKAZ_WEB_THREADS": str(threads),
             "PATH": "/usr/bin:/bin"})


def measure(url: str, args: argparse.Namespace, cache: bool) -> None:
    """One load run against a fresh server; prints the figures."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    child = _server(url, port, args.workers, args.threads, cache, args.index == "on")
    try:
        _wait_until_up(base, child)
        paths = urls(random.Random(args.seed), args.queries)
        warm = random.Random(args.seed + 1).sample(paths, 20)
        run(load(base, warm, args.clients, 200, 30, args.client))  # warm-up: connections, paths
        server_cpu = _cpu_seconds(child.pid)
        client_cpu = time.process_time()
        began = time.perf_counter()
        results = run(load(base, paths, args.clients, args.requests, args.seconds, args.client))
        elapsed = time.perf_counter() - began
        server_cpu = _cpu_seconds(child.pid) - server_cpu
        client_cpu = time.process_time() - client_cpu
    finally:
        child.terminate()
        child.wait(10)
    done = sum(len(v) for v in results.values())
    print(f"cache {'on' if cache else 'off'}, index {args.index}, {args.client} clients, "
          f"{args.workers} process(es) "
          f"x {args.threads} threads: {done} requests from {args.clients} clients in "
          f"{elapsed:.1f} s ({done / elapsed:.0f} requests/s); CPU per request: server "
          f"{server_cpu / done * 1000:.1f} ms, load clients {client_cpu / done * 1000:.1f} ms; "
          f"load average before: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    for name, values in results.items():
        print(f"  {'/cases' if name == 'page' else '/cases.json':12} n={len(values):5} "
              f"p50={percentile(values, 50) * 1000:6.1f} ms  "
              f"p95={percentile(values, 95) * 1000:6.1f} ms  "
              f"p99={percentile(values, 99) * 1000:6.1f} ms  "
              f"mean={statistics.fmean(values) * 1000:6.1f} ms  "
              f"{len(values) / elapsed:5.0f} requests/s")
    p95 = percentile([v for vs in results.values() for v in vs], 95) * 1000
    print(f"  overall p95 {p95:.1f} ms (target 100 ms): {'met' if p95 <= 100 else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", help="SQLite file to use (filled when new)")
    parser.add_argument("--workers", type=int, default=1,
                        help="server processes (more than 1: cache on only)")
    parser.add_argument("--threads", type=int, default=2,
                        help="threads per server process (the setting web_threads)")
    parser.add_argument("--queries", type=int, default=1000,
                        help="distinct filter queries in the mix (each as page and .json)")
    parser.add_argument("--cache", choices=("on", "off", "both"), default="both")
    parser.add_argument("--client", choices=("raw", "httpx"), default="raw",
                        help="the load clients' HTTP: lean asyncio streams, or httpx")
    parser.add_argument("--index", choices=("on", "off"), default="on",
                        help="off: the case list asks SQL instead of the in-memory index")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="otkaz-web-load-"))
    path = Path(args.db) if args.db else folder / "otkaz.db"
    url = f"sqlite:///{path}"
    try:
        if not path.exists():
            began = time.perf_counter()
            fill(url, args.cases, args.seed)
            print(f"filled {args.cases:,} cases in {time.perf_counter() - began:.1f} s ({path})")
        for cache in {"on": (True,), "off": (False,), "both": (True, False)}[args.cache]:
            measure(url, args, cache)
    finally:
        if not args.keep and not args.db:
            for f in folder.iterdir():
                f.unlink()
            folder.rmdir()


if __name__ == "__main__":
    main()
