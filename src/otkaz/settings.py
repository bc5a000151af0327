"""Every setting otkaz reads, declared once with its name, default and help.

    >>> get("db")
    'sqlite:///otkaz.db'

A setting comes from its environment variable (``OTKAZ_DB`` for ``db``) when
set, otherwise from its default. Command-line options override both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        return "OTKAZ_" + self.name.upper()


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting("db", "sqlite:///otkaz.db",
                "Database URL: sqlite:///PATH (default, a file in the current directory) "
                "or postgresql://USER@HOST:PORT/NAME."),
        Setting("max_bytes", str(10 * 1024 * 1024),
                "Largest single article file read, in bytes; larger files are refused "
                "with a message (JSONL corpora are streamed and have no limit)."),
        Setting("fetch_timeout", "15", "Seconds before a URL fetch gives up."),
        Setting("user_agent", "otkaz/0.1 (+https://github.com/otkaz)",
                "User-Agent header sent when fetching URLs and feeds."),
        Setting("watch_interval", "1h",
                "Watch: how often a source of the sources file is polled when its line names "
                "no interval (900s, 30m, 2h, 1d; at least 1m)."),
        Setting("watch_host_delay", "2",
                "Watch: least seconds between two requests to one host (a site's robots.txt "
                "Crawl-delay raises it, up to 60)."),
        Setting("busy_timeout", "30",
                "Seconds a write waits for another process's write to a SQLite database "
                "before giving up with 'database is locked' (E308)."),
        Setting("read_requires_login", "0",
                "Web: 1 to require sign-in for reading, 0 to let anyone read."),
        Setting("web_threads", "",
                "Web: threads per server process that run the database-bound routes; empty "
                "for 2 on SQLite (the work is CPU-bound under Python's GIL, where a few "
                "threads beat many: on two cores 2 threads spend about 40 % less CPU per "
                "request than 40) and 8 on PostgreSQL (which also waits on the network)."),
        Setting("secret_key", "",
                "Web: key that signs session cookies; a random one is made per run when empty."),
    )
}


def get(name: str) -> str:
    """The value of setting `name`: its environment variable, else its default."""
    setting = SETTINGS[name]
    return os.environ.get(setting.env, setting.default)


def get_int(name: str) -> int:
    return int(get(name))
