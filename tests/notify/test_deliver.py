"""deliver_webhooks: signed JSON POSTs of the cases changed since each webhook's cursor,
retried on network errors, 5xx and 429, the cursor moved only after a 2xx.

Every request goes to an httpx.MockTransport that records it; sleeps are recorded, not
slept; the clock is fixed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from otkaz.notify.deliver import deliver_webhooks
from otkaz.notify.webhooks import Webhook, add_webhook, list_webhooks
from otkaz.store import Store, open_store

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
BASE = "https://otkaz.example"
HOOK = "https://hooks.example/in"


def add_case(store: Store, key: str, force: str, actor: str, outcomes: tuple[str, ...] = (),
             **columns: Any) -> int:
    merged = {"actor": {"value": actor}, "unit": {"value": f"unit of {actor}"},
              "sources": {"value": ["Zov", "Ivan Petrov"]},
              "outcomes": {"value": list(outcomes)}}
    return store.upsert_case(key, merged, {"type": "refusal", "force": force, "count_low": 12,
                                           "count_high": 12, **columns})


class Receiver:
    """A MockTransport that answers from a script (status codes or exceptions, then 200)."""

    def __init__(self, *script: int | Exception) -> None:
        self.script = list(script)
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.script.pop(0) if self.script else 200
        if isinstance(step, Exception):
            raise step
        headers = {"Retry-After": "7"} if step == 429 else {}
        return httpx.Response(step, headers=headers)

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests]

    def send(self, store: Store, **options: Any) -> Any:
        with httpx.Client(transport=httpx.MockTransport(self)) as client:
            return deliver_webhooks(store, client, clock=lambda: NOW,
                                    sleep=self.sleeps.append, base_url=BASE, **options)


@pytest.fixture
def store(sqlite_url: str) -> Iterator[Store]:
    with open_store(sqlite_url) as s:
        yield s


def hook(store: Store, name: str = "newsroom") -> Webhook:
    return next(h for h in list_webhooks(store) if h.name == name)


def test_payload_signature_and_filter(db_url: str) -> None:
    with open_store(db_url) as store:
        omsk = add_case(store, "omsk", "rosgvardia", "Twelve officers of the Omsk OMON",
                        place="Omsk")
        add_case(store, "navy", "navy", "Nine sailors")
        add_webhook(store, "newsroom", HOOK, "force=rosgvardia", secret="s3cret", backlog=True)
        receiver = Receiver()
        report = receiver.send(store)

        assert [(w.name, w.posts, w.cases, w.attempts, w.error) for w in report.webhooks] == \
            [("newsroom", 1, 1, 1, None)]
        (request,) = receiver.requests
        assert request.method == "POST" and str(request.url) == HOOK
        assert request.headers["content-type"] == "application/json"
        assert request.headers["x-otkaz-webhook"] == "newsroom"
        expected = hmac.new(b"s3cret", request.content, hashlib.sha256).hexdigest()
        assert request.headers["x-otkaz-signature"] == f"sha256={expected}"
        body = json.loads(request.content)
        assert body["webhook"] == "newsroom" and body["filter"] == "force=rosgvardia"
        assert body["sent_at"] == "2025-03-01T12:00:00Z"
        (case,) = body["cases"]  # the navy case is not this filter's
        assert case["id"] == omsk and case["url"] == f"{BASE}/cases/{omsk}"
        assert case["title"] == "Twelve officers of the Omsk OMON" and case["status"] == "machine"
        assert (case["type"], case["force"], case["place"]) == ("refusal", "rosgvardia", "Omsk")
        assert case["unit"] == "unit of Twelve officers of the Omsk OMON"
        assert case["count"] == {"low": 12, "high": 12}
        assert case["sources"] == ["Zov", "Ivan Petrov"]
        assert case["updated"].endswith("Z") and case["created"] <= case["updated"]

        saved = hook(store)
        assert saved.cursor is not None and saved.cursor.case_id == omsk
        assert saved.last_delivery == NOW and saved.failures == 0

        again = Receiver()
        assert again.send(store).webhooks[0].posts == 0
        assert again.requests == []  # nothing changed: nothing posted


def test_unsigned_webhook_sends_no_signature(store: Store) -> None:
    add_case(store, "a", "army", "Five conscripts")
    add_webhook(store, "newsroom", HOOK, backlog=True)
    receiver = Receiver()
    receiver.send(store)
    assert "x-otkaz-signature" not in receiver.requests[0].headers


def test_500_then_200_is_retried_and_the_cursor_moves_once(db_url: str) -> None:
    with open_store(db_url) as store:
        first = add_case(store, "a", "army", "Five conscripts")
        second = add_case(store, "b", "army", "Three contract soldiers")
        add_webhook(store, "newsroom", HOOK, "force=army", backlog=True)
        receiver = Receiver(500)
        report = receiver.send(store)

        assert [(w.posts, w.cases, w.attempts, w.error) for w in report.webhooks] == \
            [(1, 2, 2, None)]
        assert receiver.sleeps == [1.0]
        assert receiver.requests[0].content == receiver.requests[1].content  # the same batch
        assert [c["id"] for c in receiver.bodies[1]["cases"]] == [first, second]
        saved = hook(store)
        assert saved.cursor is not None and saved.cursor.case_id == second
        assert saved.failures == 0 and saved.last_error is None

        again = Receiver()
        again.send(store)
        assert again.requests == []


def test_all_attempts_fail_keeps_the_cursor_and_counts_the_failure(store: Store) -> None:
    add_case(store, "a", "army", "Five conscripts")
    add_webhook(store, "newsroom", HOOK, backlog=True)
    receiver = Receiver(503, 503, 503, 503)
    report = receiver.send(store)

    assert len(receiver.requests) == 4 and receiver.sleeps == [1.0, 2.0, 4.0]
    (result,) = report.failed
    assert result.posts == 0 and result.attempts == 4
    assert result.error == "HTTP 503 Service Unavailable (after 4 tries)"
    saved = hook(store)
    assert saved.cursor is None and saved.failures == 1 and saved.last_delivery is None
    assert saved.last_error == result.error

    Receiver(ConnectionRefused(), ConnectionRefused(), ConnectionRefused(),
             ConnectionRefused()).send(store)
    saved = hook(store)
    assert saved.failures == 2 and saved.last_error is not None
    assert saved.last_error.startswith("ConnectError: refused") and saved.cursor is None

    recovered = Receiver()
    assert recovered.send(store).webhooks[0].cases == 1
    saved = hook(store)
    assert saved.failures == 0 and saved.last_error is None and saved.cursor is not None


def ConnectionRefused() -> httpx.ConnectError:  # noqa: N802 - reads as the error it makes
    return httpx.ConnectError("refused")


def test_network_error_and_429_are_retried_a_4xx_is_not(store: Store) -> None:
    add_case(store, "a", "army", "Five conscripts")
    add_webhook(store, "newsroom", HOOK, backlog=True)
    receiver = Receiver(ConnectionRefused(), 429)
    assert receiver.send(store).webhooks[0].cases == 1
    assert receiver.sleeps == [1.0, 7.0]  # Retry-After: 7 is honoured

    add_case(store, "b", "army", "Three contract soldiers")
    refused = Receiver(410)
    result = refused.send(store).webhooks[0]
    assert len(refused.requests) == 1 and refused.sleeps == []
    assert result.error == "HTTP 410 Gone" and hook(store).failures == 1


def test_batches_move_the_cursor_one_by_one(store: Store) -> None:
    ids = [add_case(store, f"c{i}", "army", f"Group {i}") for i in range(5)]
    add_webhook(store, "newsroom", HOOK, backlog=True)
    receiver = Receiver(200, 500, 500)  # the second batch fails twice, then gets through
    report = receiver.send(store, batch=2, attempts=2)
    assert report.webhooks[0].error is not None
    assert [[c["id"] for c in b["cases"]] for b in receiver.bodies] == [ids[:2], ids[2:4],
                                                                        ids[2:4]]
    assert hook(store).cursor.case_id == ids[1]  # type: ignore[union-attr]

    rest = Receiver()
    report = rest.send(store, batch=2)
    assert [[c["id"] for c in b["cases"]] for b in rest.bodies] == [ids[2:4], ids[4:]]
    assert (report.webhooks[0].posts, report.cases) == (2, 3)


def test_a_changed_case_is_sent_again_with_its_new_fields(store: Store) -> None:
    first = add_case(store, "a", "army", "Five conscripts")
    add_case(store, "b", "army", "Three contract soldiers")
    add_webhook(store, "newsroom", HOOK, backlog=True)
    Receiver().send(store)
    add_case(store, "a", "army", "Five conscripts", count_low=5, count_high=6)
    receiver = Receiver()
    receiver.send(store)
    (body,) = receiver.bodies
    assert [(c["id"], c["count"]) for c in body["cases"]] == [(first, {"low": 5, "high": 6})]


def test_a_new_webhook_starts_from_now_without_backlog(store: Store) -> None:
    add_case(store, "old", "army", "Five conscripts")
    add_webhook(store, "newsroom", HOOK, "force=army")
    add_webhook(store, "everything", HOOK + "/all", backlog=True)
    receiver = Receiver()
    receiver.send(store)
    assert [(str(r.url), len(json.loads(r.content)["cases"])) for r in receiver.requests] == \
        [(HOOK + "/all", 1)]
    new = add_case(store, "new", "army", "Three contract soldiers")
    add_case(store, "navy", "navy", "Nine sailors")
    receiver = Receiver()
    receiver.send(store)
    sent = {str(r.url): [c["id"] for c in json.loads(r.content)["cases"]]
            for r in receiver.requests}
    assert sent[HOOK] == [new] and len(sent[HOOK + "/all"]) == 2


def test_one_failing_webhook_does_not_stop_the_others(store: Store) -> None:
    add_case(store, "a", "army", "Five conscripts")
    add_webhook(store, "broken", "https://broken.example/", backlog=True)
    add_webhook(store, "newsroom", HOOK, backlog=True)

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500 if request.url.host == "broken.example" else 204)

    sleeps: list[float] = []
    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        report = deliver_webhooks(store, client, clock=lambda: NOW, sleep=sleeps.append)
    assert [(w.name, w.cases, w.error is None) for w in report.webhooks] == \
        [("broken", 0, False), ("newsroom", 1, True)]
    assert len(sleeps) == 3


def test_outcome_filter_reads_the_search_tables(store: Store) -> None:
    """An outcome= (or q=) filter needs the search tables brought up to date first."""
    add_webhook(store, "convictions", HOOK, "outcome=convicted", backlog=True)
    wanted = add_case(store, "navy", "navy", "Nine sailors", outcomes=("convicted",))
    add_case(store, "army", "army", "Five conscripts", outcomes=("dismissed",))
    receiver = Receiver()
    receiver.send(store)
    assert [[c["id"] for c in b["cases"]] for b in receiver.bodies] == [[wanted]]


@pytest.mark.parametrize("bad", [{"batch": 0}, {"attempts": 0}])
def test_bad_batch_or_attempts(store: Store, bad: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="1 or more"):
        Receiver().send(store, **bad)


def test_report_without_webhooks(store: Store) -> None:
    send: Callable[..., Any] = Receiver().send
    report = send(store)
    assert report.webhooks == () and report.failed == [] and report.cases == 0


def test_a_rejected_case_is_told_only_to_status_all(store: Store) -> None:
    from otkaz.web.review import set_status

    case = add_case(store, "a", "army", "Five conscripts")
    add_webhook(store, "live", HOOK + "/live", backlog=True)
    add_webhook(store, "all", HOOK + "/all", "status=all", backlog=True)
    Receiver().send(store)
    set_status(store.engine, case, 1, "anna", "rejected")
    receiver = Receiver()
    receiver.send(store)
    assert [(str(r.url), [(c["id"], c["status"]) for c in json.loads(r.content)["cases"]])
            for r in receiver.requests] == [(HOOK + "/all", [(case, "rejected")])]
