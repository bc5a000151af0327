"""`otkaz watch`: follow feeds and pages, and ingest what is new.

    sources, errors = read_sources("sources.txt")
    with open_store() as store, Watcher(store, sources) as watcher:
        print(watcher.poll_due().line())

Modules: sources (the sources file), clock (now and sleep, injectable), http
(per-host pace, robots.txt, conditional GET), state (the store's watch tables),
watcher (rounds of polling).
"""

from otkaz.watch.clock import Clock, ManualClock, SystemClock
from otkaz.watch.sources import WatchSource, parse_interval, parse_sources, read_sources
from otkaz.watch.state import SourceState, all_sources
from otkaz.watch.watcher import Round, Watcher, backoff

__all__ = [
    "Clock", "ManualClock", "Round", "SourceState", "SystemClock", "WatchSource", "Watcher",
    "all_sources", "backoff", "parse_interval", "parse_sources", "read_sources",
]
