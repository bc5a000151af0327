"""Saved webhooks (add, list, remove; their filters) and `otkaz webhook ...`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from otkaz.cli import app
from otkaz.notify.webhooks import (
    WebhookError,
    add_webhook,
    list_webhooks,
    remove_webhook,
    webhook_filter,
)
from otkaz.store import Store, open_store

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


@pytest.fixture
def store(sqlite_url: str) -> Iterator[Store]:
    with open_store(sqlite_url) as s:
        yield s


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=ENV, input=input)
    return result.exit_code, result.stdout, result.stderr


def test_add_keeps_the_canonical_filter_and_hides_the_secret(store: Store) -> None:
    hook = add_webhook(store, "  news  room ", " https://hooks.example/in ",
                       "?place=Omsk&force=rosgvardia&type=", secret="s3cret")
    assert (hook.name, hook.url, hook.filter) == ("news room", "https://hooks.example/in",
                                                  "force=rosgvardia&place=Omsk")
    assert hook.secret == "s3cret" and "s3cret" not in repr(hook)
    assert hook.cursor is None and hook.failures == 0  # no case yet: nothing to start after
    assert [h.name for h in list_webhooks(store)] == ["news room"]


def test_a_new_webhook_starts_after_the_newest_case(store: Store) -> None:
    store.upsert_case("old", {}, {"force": "army"})
    newest = store.upsert_case("newer", {}, {"force": "navy"})
    hook = add_webhook(store, "from-now", "https://hooks.example/")
    assert hook.cursor is not None and hook.cursor.case_id == newest
    assert add_webhook(store, "all", "https://hooks.example/", backlog=True).cursor is None


@pytest.mark.parametrize(("name", "url", "query", "message"), [
    ("", "https://h.example/", "", "bad webhook name ''"),
    ("x" * 65, "https://h.example/", "", "1 to 64 visible characters"),
    ("a", "ftp://h.example/", "", "bad webhook URL 'ftp://h.example/'"),
    ("a", "https:///nohost", "", "use http:// or https:// and a host"),
    ("a", "https://h.example/", "forse=navy", "unknown parameter forse: use date_from"),
    ("a", "https://h.example/", "force=cavalry", "force must be one of"),
    ("a", "https://h.example/", "date_from=May", "date_from must be a date"),
    ("a", "https://h.example/", "sort=count&page=2", "sort, page does not apply"),
    ("a", "https://h.example/", "force=navy&force=army", "force given twice"),
    ("a", "https://h.example/", "force", "not a query string"),
])
def test_bad_webhooks_are_refused_with_one_line(store: Store, name: str, url: str, query: str,
                                                message: str) -> None:
    with pytest.raises(WebhookError, match="E421") as caught:
        add_webhook(store, name, url, query)
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert list_webhooks(store) == []


def test_names_are_unique_and_remove_says_what_it_removed(store: Store) -> None:
    add_webhook(store, "newsroom", "https://a.example/")
    with pytest.raises(WebhookError, match="a webhook named 'newsroom' exists"):
        add_webhook(store, "newsroom", "https://b.example/")
    assert remove_webhook(store, "newsroom").url == "https://a.example/"
    with pytest.raises(WebhookError, match=r"\[E422\] no webhook named 'newsroom'"):
        remove_webhook(store, "newsroom")


def test_webhook_filter_matches_the_case_list_parser() -> None:
    f = webhook_filter("type=desertion&place=Buryatia&min_confidence=0.5&lang=RU")
    assert (f.type, f.place, f.min_confidence, f.lang) == ("desertion", "Buryatia", 0.5, "ru")
    assert webhook_filter("").query_string() == ""


def test_cli_add_list_send_remove(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(sqlite_url) as store:
        case = store.upsert_case("omsk", {"actor": {"value": "Twelve officers"}},
                                 {"force": "rosgvardia", "type": "refusal"})
    code, output, error = run("webhook", "add", "newsroom", "https://hooks.example/in",
                              "--filter", "force=rosgvardia", "--secret-stdin", "--backlog",
                              "--db", sqlite_url, input="s3cret\n")
    assert code == 0, error
    assert output.startswith("webhook newsroom added: force=rosgvardia to "
                             "https://hooks.example/in, signed; the next send delivers every "
                             "matching case")
    assert "s3cret" not in output
    code, _, error = run("webhook", "add", "x", "https://h.example/", "--secret-stdin",
                         "--db", sqlite_url, input="")
    assert code == 2 and "standard input holds no secret line" in error

    code, output, _ = run("webhook", "list", "--db", sqlite_url)
    assert code == 0 and "1 webhook" in output and "force=rosgvardia" in output
    assert "newsroom" in output and "never" in output and "s3cret" not in output

    posted: list[dict[str, Any]] = []

    def receive(request: httpx.Request) -> httpx.Response:
        posted.append(json.loads(request.content))
        return httpx.Response(200)

    real_client = httpx.Client
    monkeypatch.setattr(httpx, "Client", lambda **kw: real_client(
        transport=httpx.MockTransport(receive), **kw))
    code, output, _ = run("webhook", "send", "--base-url", "https://otkaz.example",
                          "--db", sqlite_url)
    assert code == 0 and output.strip() == "newsroom: 1 case in 1 POST"
    assert [c["url"] for c in posted[0]["cases"]] == [f"https://otkaz.example/cases/{case}"]
    code, output, _ = run("webhook", "send", "--db", sqlite_url)
    assert code == 0 and output.strip() == "newsroom: nothing new" and len(posted) == 1

    code, output, _ = run("webhook", "remove", "newsroom", "--db", sqlite_url)
    assert code == 0 and "webhook newsroom removed" in output
    code, _, error = run("webhook", "remove", "newsroom", "--db", sqlite_url)
    assert code == 2 and "[E422] no webhook named 'newsroom'" in error
    code, output, _ = run("webhook", "send", "--db", sqlite_url)
    assert code == 0 and "no webhooks" in output


def test_cli_send_exits_1_when_a_webhook_fails(sqlite_url: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(sqlite_url) as store:
        store.upsert_case("omsk", {}, {"force": "army"})
        add_webhook(store, "newsroom", "https://hooks.example/in", backlog=True)
    real_client = httpx.Client
    monkeypatch.setattr(httpx, "Client", lambda **kw: real_client(
        transport=httpx.MockTransport(lambda r: httpx.Response(403)), **kw))
    code, _, error = run("webhook", "send", "--db", sqlite_url)
    assert code == 1
    assert "newsroom: nothing delivered; failed: HTTP 403 Forbidden" in error
    code, output, _ = run("webhook", "list", "--db", sqlite_url)
    assert "HTTP 403 Forbidden" in output
