"""The app factory, its settings, error pages and `serve`."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from otkaz.web import app as web_app


def test_serve_prints_the_address(monkeypatch: pytest.MonkeyPatch, sqlite_url: str,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append({"app": app, **kw}))
    web_app.serve(host="127.0.0.1", port=8765, db=sqlite_url)
    assert "http://127.0.0.1:8765/" in capsys.readouterr().out
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8765
    assert calls[0]["app"].state.store.engine.url.database.endswith("otkaz.db")


def test_serve_with_workers_shares_one_session_key(monkeypatch: pytest.MonkeyPatch,
                                                   sqlite_url: str) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append({"app": app, **kw}))
    for name in ("OTKAZ_SECRET_KEY", "OTKAZ_DB"):  # recorded, so they are restored after
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    web_app.serve(port=8766, db=sqlite_url, workers=2)
    assert calls[0]["app"] == "otkaz.web.app:app_from_settings" and calls[0]["workers"] == 2
    import os

    assert os.environ["OTKAZ_DB"] == sqlite_url and len(os.environ["OTKAZ_SECRET_KEY"]) > 30


@pytest.mark.parametrize(("env", "expected"), [("1", True), ("0", False)])
def test_read_requires_login_comes_from_the_setting(monkeypatch: pytest.MonkeyPatch,
                                                    sqlite_url: str, env: str,
                                                    expected: bool) -> None:
    monkeypatch.setenv("OTKAZ_READ_REQUIRES_LOGIN", env)
    app = web_app.create_app(sqlite_url)
    assert app.state.read_requires_login is expected
    assert web_app.create_app(sqlite_url, read_requires_login=not expected
                              ).state.read_requires_login is (not expected)


@pytest.mark.anyio
async def test_error_pages(client: httpx.AsyncClient) -> None:
    page = await client.get("/cases/999", headers={"accept": "text/html"})
    assert page.status_code == 404 and "There is no case 999." in page.text
    assert "<h1>404</h1>" in page.text
    api = await client.get("/cases/999", headers={"accept": "application/json"})
    assert api.json() == {"detail": "There is no case 999."}
    assert (await client.get("/")).headers["location"] == "/cases"



@pytest.mark.parametrize(("setting", "dialect", "expected"), [
    ("", "sqlite", 2), ("", "postgresql", 8), ("5", "sqlite", 5), ("0", "postgresql", 1)])
def test_web_threads(monkeypatch: pytest.MonkeyPatch, setting: str, dialect: str,
                     expected: int) -> None:
    monkeypatch.setenv("OTKAZ_WEB_THREADS", setting)
    assert web_app.web_threads(dialect) == expected
