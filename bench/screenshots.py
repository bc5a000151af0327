"""The README's screenshots, taken headless from the demo database in one command.

    .venv/bin/python bench/screenshots.py [--out docs/screenshots] [--chromium /usr/bin/chromium]

Ingests the bundled examples into a fresh SQLite file (`otkaz demo`), records a
few review decisions so that the review log has something to show (a case
confirmed, a count corrected, a case merged into another and split back out,
one rejected), serves the dashboard on 127.0.0.1 and photographs each page with
Debian's chromium driven by Playwright, at 1280 px wide, whole pages:

    list.png      the case list (the dashboard: / opens it)
    case.png      the case told by the most independent origins
    document.png  the first document of that case
    map.png       the map by home region (all of Russia, places labelled)
    timeline.png  figures.png  review.png

Every request to another host is refused, so the pictures show what an
offline reader sees. Nothing is measured; the script prints each file written.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import select

from otkaz.store import open_store
from otkaz.store.schema import cases, mentions
from otkaz.web.app import create_app
from otkaz.web.review import edit_field, merge_cases, set_status, split_mention

ROOT = Path(__file__).resolve().parent.parent
VIEWPORT = {"width": 1280, "height": 900}


def fill_demo(url: str) -> None:
    """The demo's cases (the bundled examples, ingested as `otkaz demo` does)."""
    subprocess.run([sys.executable, "-m", "otkaz", "demo", "--db", url], check=True,
                   stdout=subprocess.DEVNULL, cwd=ROOT)


def review_some(url: str) -> int:
    """A few reviewer decisions on the demo's cases; the id of the case the pictures show."""
    with open_store(url) as store:
        engine = store.engine

        def live() -> list[Any]:
            with engine.connect() as conn:
                return conn.execute(select(cases).where(cases.c.status == "machine")
                                    .order_by(cases.c.id)).all()

        rows = live()
        shown = max(rows, key=lambda r: (r.n_origins, r.n_mentions, -r.id)).id
        first, second, third = [r for r in rows if r.id != shown][:3]
        set_status(engine, shown, next(r.version for r in rows if r.id == shown), "anna",
                   "confirmed", note="two outlets, two languages")
        low = first.count_low or 1
        edit_field(engine, first.id, first.version, "anna", "count", value=f"{low}-{low + 5}")
        merge_cases(engine, second.id, second.version, third.id, "boris")
        with engine.connect() as conn:
            moved = conn.execute(select(mentions.c.id).where(mentions.c.case_id == second.id)
                                 .order_by(mentions.c.id.desc())).scalars().first()
            version = conn.execute(select(cases.c.version).where(
                cases.c.id == second.id)).scalar_one()
        split_mention(engine, second.id, version, int(moved), "anna")
        last = live()[-1]
        set_status(engine, last.id, last.version, "boris", "rejected",
                   note="one anonymous source, no second report")
        return int(shown)


@contextmanager
def serving(url: str) -> Iterator[str]:
    """The dashboard over `url` on a free port of 127.0.0.1, for as long as the block runs."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(url, secret_key="screenshots"),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise SystemExit("error: the dashboard did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def photograph(base: str, case_id: int, out: Path, chromium: Path) -> list[Path]:
    """One PNG per page into `out`; the paths written."""
    from playwright.sync_api import expect, sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium))
        context = browser.new_context(viewport=VIEWPORT)
        context.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith(base) else route.abort())
        page = context.new_page()

        def shoot(name: str) -> None:
            path = out / f"{name}.png"
            page.screenshot(path=str(path), full_page=True)
            written.append(path)

        page.goto(f"{base}/cases")
        shoot("list")
        page.goto(f"{base}/cases/{case_id}")
        shoot("case")
        page.click("ol.mentions li >> nth=0 >> .source a")
        page.wait_for_selector("article.doctext")
        shoot("document")
        page.goto(f"{base}/map")
        expect(page.locator("#map")).to_have_attribute("data-outline-loaded", "1")
        page.check("input[name=by][value=home]")
        expect(page.locator("#map")).to_have_attribute("data-shown", "home")
        page.wait_for_selector(".leaflet-tooltip.place-label")
        page.wait_for_timeout(500)  # the fitted view's last frame
        shoot("map")
        for name in ("timeline", "figures", "review"):
            page.goto(f"{base}/{name}")
            shoot(name)
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", type=Path, default=Path("/usr/bin/chromium"))
    args = parser.parse_args()
    if not args.chromium.exists():
        raise SystemExit(f"error: {args.chromium} is missing (apt-get install -y chromium)")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'demo.db'}"
        fill_demo(url)
        case_id = review_some(url)
        with serving(url) as base:
            for path in photograph(base, case_id, args.out, args.chromium):
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
