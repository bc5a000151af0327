"""Scale benchmark: streaming extraction on a Dask cluster, batched ingest into PostgreSQL,
and the case list over a million cases.

    nice .venv/bin/python bench/scale.py extract --docs 10000 100000 --workers 1 2
    nice .venv/bin/python bench/scale.py ingest --docs 2000
    nice .venv/bin/python bench/scale.py web --cases 1000000 --clients 20

`extract` writes a synthetic mixed feed (10% on topic: refusals and desertions from
templates with random counts, units, places and sources; 90% off topic of similar
length: weather, budgets, sport) as JSONL, then for each size and number of workers runs
`extract_jsonl` on a fresh `distributed.LocalCluster` (worker processes, one thread
each) in a child process of its own, so each peak RSS (getrusage ru_maxrss, of the driver
and, via `client.run`, of each worker) belongs to that run alone. The clock starts once
the workers have loaded the pipeline (the plugin does it when the client connects).

`ingest` ingests such a feed into a PostgreSQL database of its own (created, `--pg-db`,
default otkaz_scale_ingest, emptied first) with `ingest_sources` in this process, counting
every statement (SQLAlchemy `before_cursor_execute`) and the seconds spent writing.

`web` bulk-loads `--cases` synthetic cases (bench/web_load.py's rows: a document, a
mention and a case each) with COPY into a PostgreSQL database of its own (`--pg-db`,
default otkaz_scale_web; loaded once, kept for reruns unless --reload), runs the
dashboard with uvicorn in a child process, and has `--clients` concurrent httpx clients
ask for `/cases` and `/cases.json` with web_load's seeded mix of filters, sorts and
pages; prints p50/p95 (target p95 <= 150 ms).

Only 127.0.0.1 is contacted; every child process is stopped before the command ends.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

PG = os.environ.get("OTKAZ_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")

# -- the synthetic feed ----------------------------------------------------------------------

NAMES = ("Ivan Petrov", "Alexei Smirnov", "Dmitry Kuznetsov", "Sergei Volkov", "Andrei Popov",
         "Nikolai Sokolov", "Pavel Lebedev", "Oleg Kozlov", "Maxim Novikov", "Yuri Morozov")
PLACES = ("Krasnodar", "Buryatia", "Omsk", "Tomsk", "Belgorod", "Pskov", "Kursk", "Tuva",
          "Dagestan", "Chuvashia", "Tver", "Novosibirsk", "Rostov", "Bryansk", "Kaliningrad")
UNITS = ("riot police officers", "paratroopers", "mobilised men", "contract soldiers",
         "marines", "National Guard servicemen", "reservists", "conscripts")
COUNTS = ("Twelve", "About 30", "Eight", "Some 200", "Fifteen", "Two", "Forty", "Nine")
OUTLETS = ("Astra", "Mediazona", "Verstka", "Vot Tak", "Sibir.Realii", "Kavkaz.Realii")
ON_TOPIC = (
    "{count} {unit} from {place} refused to go to Ukraine, their lawyer said on Monday. "
    "The lawyer, {name}, said the men had been dismissed and would challenge it in court.",
    "{count} {unit} from {place} left their unit near {place2} and went home, the outlet "
    "{outlet} reported, citing relatives. A criminal case was opened under Article 337.",
    "A court in {place} sentenced {name}, one of the {unit} who deserted in March, to five "
    "years in a penal colony, {outlet} reported on Tuesday.",
    "{count} {unit} from {place} refused to return to the front after their leave, {outlet} "
    "said. They were detained and taken to a basement in {place2}, relatives said.",
)
OFF_TOPIC = (
    "The city council of {place} approved a new budget for road repairs on Tuesday. The "
    "mayor, {name}, said work on the ring road would begin in May and last until autumn.",
    "Rain and strong wind are expected across {place} at the weekend, forecasters said. "
    "Temperatures will fall to five degrees at night, and snow is possible in the hills.",
    "{place} beat {place2} 2-1 in the regional football final on Sunday. The winning goal "
    "came in the last minute from a free kick by the team's captain, {name}.",
    "A new exhibition of nineteenth-century landscapes opened at the museum in {place}. The "
    "curator, {name}, said about 200 paintings had been brought from private collections.",
    "Prices for petrol in {place} rose by three percent in a month, the statistics office "
    "said. Analysts in {place2} expect them to stay high until the end of the year.",
)


def feed_line(i: int, rnd: random.Random, on_topic_share: float = 0.1) -> str:
    """One JSONL line of the feed; about `on_topic_share` of the lines report a case."""
    template = rnd.choice(ON_TOPIC if rnd.random() < on_topic_share else OFF_TOPIC)
    place, place2 = rnd.sample(PLACES, 2)
    text = template.format(count=rnd.choice(COUNTS), unit=rnd.choice(UNITS), place=place,
                           place2=place2, name=rnd.choice(NAMES), outlet=rnd.choice(OUTLETS))
    day = f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}"
    return json.dumps({"id": f"f{i}", "text": f"Report {i}\n{text}", "published": day,
                       "outlet": rnd.choice(OUTLETS), "lang": "en"}) + "\n"


def write_feed(path: Path, n: int, seed: int = 7) -> Path:
    """A feed of `n` documents at `path` (written once; a file of that size is reused)."""
    if path.exists():
        return path
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(feed_line(i, rnd))
    return path


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- extraction --------------------------------------------------------------------------------

def extract_once(feed: Path, workers: int) -> dict[str, Any]:
    """One run in this (fresh) process: a LocalCluster of `workers` processes, the feed
    extracted through it; throughput and peak RSS of the driver and each worker."""
    from distributed import Client, LocalCluster

    from otkaz.batch import extract_jsonl
    from otkaz.distribute import connect

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster:
        connect(cluster.scheduler_address).close()  # workers load the pipeline now
        with Client(cluster.scheduler_address) as client:
            before = client.run(peak_rss_mb)
        driver_before = peak_rss_mb()
        samples: list[float] = []  # the driver's RSS every second: flat, or growing?
        done = threading.Event()

        def sample() -> None:
            while not done.wait(1.0):
                samples.append(rss_mb())

        sampler = threading.Thread(target=sample, daemon=True)
        out = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - closed below
        began = time.perf_counter()
        sampler.start()
        with out:
            summary = extract_jsonl(str(feed), out, scheduler=cluster.scheduler_address)
        took = time.perf_counter() - began
        done.set()
        sampler.join()
        with Client(cluster.scheduler_address) as client:
            after = client.run(peak_rss_mb)
    return {"docs": summary.read, "workers": workers, "seconds": took,
            "docs_per_s": summary.read / took, "incidents": summary.incidents,
            "driver_mb": peak_rss_mb(), "driver_before_mb": driver_before,
            "worker_mb": sorted(after.values()), "worker_loaded_mb": sorted(before.values()),
            # the driver's RSS at a quarter, half, three quarters and the end of the run
            "driver_quarters_mb": [samples[min(len(samples) - 1, len(samples) * q // 4)]
                                   for q in (1, 2, 3, 4)] if samples else []}


def run_extract(args: argparse.Namespace) -> None:
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    print("docs     workers  seconds  docs/s  incidents  driver peak MB  worker peak MB "
          "(after model load)  driver RSS at 1/4, 1/2, 3/4, end")
    for n in args.docs:
        feed = write_feed(folder / f"feed-{n}.jsonl", n)
        for workers in args.workers:
            child = subprocess.run([sys.executable, __file__, "_extract_once", str(feed),
                                    str(workers)], capture_output=True, text=True,
                                   check=False)
            if child.returncode:
                raise SystemExit(f"run failed: {child.stderr[-2000:]}")
            r = json.loads(child.stdout.strip().splitlines()[-1])
            workers_mb = " ".join(f"{m:.0f}" for m in r["worker_mb"])
            loaded_mb = " ".join(f"{m:.0f}" for m in r["worker_loaded_mb"])
            print(f"{r['docs']:<8} {workers:<8} {r['seconds']:<8.1f} {r['docs_per_s']:<7.1f} "
                  f"{r['incidents']:<10} {r['driver_mb']:<15.0f} {workers_mb} ({loaded_mb})  "
                  + " ".join(f"{m:.0f}" for m in r["driver_quarters_mb"]), flush=True)


# -- ingest into PostgreSQL ------------------------------------------------------------------

def fresh_database(name: str) -> str:
    """The URL of PostgreSQL database `name`, created (or emptied) for this run."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG}/{name}"


def run_ingest(args: argparse.Namespace) -> None:
    from sqlalchemy import event

    from otkaz.batch import ingest_sources
    from otkaz.store import Store, open_store

    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    feed = write_feed(folder / f"feed-{args.docs}.jsonl", args.docs)
    url = fresh_database(args.pg_db)
    writing = [0.0]
    real_add_many = Store.add_many

    def timed(self: Store, *a: Any, **k: Any) -> list[bool]:
        began = time.perf_counter()
        try:
            return real_add_many(self, *a, **k)
        finally:
            writing[0] += time.perf_counter() - began

    Store.add_many = timed  # type: ignore[method-assign]
    statements = [0]
    with open_store(url) as store:
        from otkaz.extract.pipeline import load_pipeline

        load_pipeline()
        event.listen(store.engine, "before_cursor_execute",
                     lambda *_: statements.__setitem__(0, statements[0] + 1))
        began = time.perf_counter()
        summary = ingest_sources([str(feed)], store, batch_size=args.chunk, relink=False)
        stored_s = time.perf_counter() - began
        stored_statements = statements[0]
        linking = time.perf_counter()
        from otkaz.link import relink

        relink(store)
        link_s = time.perf_counter() - linking
        counts = store.counts()
    print(f"ingest of {summary.read} documents into PostgreSQL ({args.chunk} a chunk, "
          f"extraction in this process): {summary.read / stored_s:.1f} docs/s; "
          f"{stored_statements} statements ({stored_statements / summary.read:.2f} per doc); "
          f"writes took {writing[0]:.2f} s ({summary.read / writing[0]:.0f} docs/s written); "
          f"relink {link_s:.2f} s and {statements[0] - stored_statements} statements for "
          f"{counts['mentions']} mentions -> {counts['cases']} cases")


# -- the case list at a million cases --------------------------------------------------------

def copy_cases(url: str, n: int, seed: int = 1) -> None:
    """COPY `n` synthetic cases (with a document and a mention each) into the store at `url`."""
    import psycopg
    from web_load import synthetic_rows

    from otkaz.store import open_store
    from otkaz.store.schema import cases, documents, mentions

    open_store(url).close()  # the schema, by the migrations
    rnd, now = random.Random(seed), datetime.now(UTC)
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        for first in range(0, n, 50_000):
            docs, ments, rows = synthetic_rows(rnd, first, min(n, first + 50_000), now)
            for table, batch in ((documents, docs), (cases, rows), (mentions, ments)):
                columns = list(batch[0])
                with cur.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row([json.dumps(v) if isinstance(v, dict | list) else v
                                        for v in (row[c] for c in columns)])
            print(f"  copied {min(n, first + 50_000):,} cases", flush=True)
        for table in ("documents", "cases", "mentions"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))")
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")


def run_web(args: argparse.Namespace) -> None:
    import psycopg
    import web_load

    url = f"{PG}/{args.pg_db}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                              (args.pg_db,)).fetchone()
    if args.reload or not exists:
        fresh_database(args.pg_db)
        began = time.perf_counter()
        copy_cases(url, args.cases)
        print(f"loaded {args.cases:,} cases with COPY in {time.perf_counter() - began:.0f} s")
    port = web_load._free_port()
    base = f"http://127.0.0.1:{port}"
    child = web_load._server(url, port, args.workers, args.threads, cache=args.cache == "on")
    try:
        began = time.perf_counter()
        deadline = began + 900
        while True:  # the first answer builds the search state and the in-memory index
            if child.poll() is not None:
                raise SystemExit("the server exited before answering")
            try:
                if httpx_get(f"{base}/cases.json?per_page=1").status_code == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not answer in time") from None
                time.sleep(1)
        print(f"first answer after {time.perf_counter() - began:.0f} s (search state, index); "
              f"server RSS {web_load._rss_mb(child.pid):.0f} MB")
        paths = web_load.urls(random.Random(args.seed), args.queries)
        warm = random.Random(args.seed + 1).sample(paths, 20)
        web_load.run(web_load.load(base, warm, args.clients, 100, 60, args.client))
        load_before = web_load.load_average()
        cpu = (web_load._cpu_seconds(child.pid), time.process_time(), web_load._postgres_cpu())
        began = time.perf_counter()
        results = web_load.run(web_load.load(base, paths, args.clients, args.requests,
                                             args.seconds, args.client))
        took = time.perf_counter() - began
        cpu = (web_load._cpu_seconds(child.pid) - cpu[0], time.process_time() - cpu[1],
               web_load._postgres_cpu() - cpu[2])
        rss = web_load._rss_mb(child.pid)
    finally:
        child.terminate()
        child.wait(20)
    done = sum(len(v) for v in results.values())
    print(f"{args.cases:,} cases on PostgreSQL, cache {args.cache}, {args.workers} server "
          f"process(es) x {args.threads} threads, {args.clients} {args.client} clients, "
          f"{done} requests in {took:.0f} s ({done / took:.0f}/s); CPU per request: server "
          f"{cpu[0] / done * 1000:.1f} ms, clients {cpu[1] / done * 1000:.1f} ms, PostgreSQL "
          f"{cpu[2] / done * 1000:.1f} ms; server RSS after {rss:.0f} MB; load average "
          f"before {load_before}, after {web_load.load_average()}:")
    for name, values in results.items():
        print(f"  {'/cases' if name == 'page' else '/cases.json':12} n={len(values):5} "
              f"p50={web_load.percentile(values, 50) * 1000:6.1f} ms  "
              f"p95={web_load.percentile(values, 95) * 1000:6.1f} ms")
    every = [v for vs in results.values() for v in vs]
    p50, p95 = (web_load.percentile(every, p) * 1000 for p in (50, 95))
    print(f"  overall p50 {p50:.1f} ms, p95 {p95:.1f} ms (target 150 ms): "
          f"{'met' if p95 <= 150 else 'NOT met'}")


def httpx_get(url: str) -> Any:
    import httpx

    try:
        return httpx.get(url, timeout=600)
    except httpx.TransportError as e:
        raise OSError(str(e)) from e


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "_extract_once":  # a child of `extract`
        print(json.dumps(extract_once(Path(sys.argv[2]), int(sys.argv[3]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", default=str(Path(tempfile.gettempdir()) / "otkaz-scale"),
                        help="where the synthetic feeds are written (and reused)")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="streaming extraction on a LocalCluster")
    ex.add_argument("--docs", type=int, nargs="+", default=[10_000, 100_000])
    ex.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ing = sub.add_parser("ingest", help="batched ingest into PostgreSQL")
    ing.add_argument("--docs", type=int, default=2000)
    ing.add_argument("--chunk", type=int, default=64)
    ing.add_argument("--pg-db", default="otkaz_scale_ingest")
    web = sub.add_parser("web", help="case list p95 on PostgreSQL")
    web.add_argument("--cases", type=int, default=1_000_000)
    web.add_argument("--clients", type=int, default=20)
    web.add_argument("--requests", type=int, default=2000)
    web.add_argument("--seconds", type=float, default=120)
    web.add_argument("--queries", type=int, default=1000)
    web.add_argument("--threads", type=int, default=8,
                     help="threads per server process (8: the app's default on PostgreSQL)")
    web.add_argument("--workers", type=int, default=1, help="server processes")
    web.add_argument("--cache", choices=("on", "off"), default="on")
    web.add_argument("--seed", type=int, default=1)
    web.add_argument("--client", choices=("raw", "httpx"), default="raw",
                     help="the load clients' HTTP: lean asyncio streams, or httpx")
    web.add_argument("--pg-db", default="otkaz_scale_web")
    web.add_argument("--reload", action="store_true", help="load the cases again")
    args = parser.parse_args()
    {"extract": run_extract, "ingest": run_ingest, "web": run_web}[args.command](args)


if __name__ == "__main__":
    main()
