"""Personal API tokens: stored hashed, accepted as Bearer on every write without CSRF,
refused (401, JSON) when unknown or revoked; cookie sessions still need their CSRF token."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from otkaz.store import open_store
from otkaz.store.schema import api_tokens
from otkaz.web.app import create_app
from otkaz.web.auth import remove_user
from otkaz.web.tokens import (
    LAST_USED_EVERY,
    TokenError,
    TokenRefused,
    create_token,
    list_tokens,
    revoke_token,
    token_user,
)

# --- the library ------------------------------------------------------------------------


def test_a_token_is_stored_as_its_hash_only(filled: tuple[str, Any]) -> None:
    with open_store(filled[0]) as store:
        token, secret = create_token(store, "  nightly   import ", "anna")
        with store.engine.connect() as conn:
            row = conn.execute(select(api_tokens)).one()
        assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert secret not in {str(v) for v in row}  # the secret itself is nowhere
        assert len(secret) >= 43  # token_urlsafe(32): 256 random bits
        assert (token.name, token.user, token.last_used_at, token.revoked) == (
            "nightly import", "anna", None, False)
        assert token_user(store.engine, secret) == "anna"
        used = list_tokens(store)[0].last_used_at
        assert used is not None and used >= token.created_at
        other, other_secret = create_token(store, "laptop", "boris")
        assert other_secret != secret and other.id != token.id
        assert [t.id for t in list_tokens(store, "boris")] == [other.id]


@pytest.mark.parametrize(("name", "user", "message"), [
    ("", "anna", "bad token name"),
    ("x" * 65, "anna", "bad token name"),
    ("ok", "nobody", "no user 'nobody'"),
])
def test_a_token_needs_a_name_and_an_account(filled: tuple[str, Any], name: str, user: str,
                                              message: str) -> None:
    with open_store(filled[0]) as store, pytest.raises(TokenError, match=message):
        create_token(store, name, user)


def test_revoking(filled: tuple[str, Any]) -> None:
    with open_store(filled[0]) as store:
        token, secret = create_token(store, "ci", "anna")
        revoked = revoke_token(store, token.id)
        assert revoked.revoked and revoked.revoked_at is not None
        assert revoke_token(store, token.id).revoked_at == revoked.revoked_at  # stays as was
        with pytest.raises(TokenRefused, match=r"\[E413\].*revoked") as refused:
            token_user(store.engine, secret)
        assert refused.value.code == "E413"
        with pytest.raises(TokenRefused, match=r"\[E412\] unknown API token"):
            token_user(store.engine, secret + "x")
        with pytest.raises(TokenError, match="no token 999"):
            revoke_token(store, 999)


def test_removing_a_user_revokes_their_tokens(filled: tuple[str, Any]) -> None:
    with open_store(filled[0]) as store:
        _, secret = create_token(store, "ci", "boris")
        create_token(store, "laptop", "boris")
        _, kept = create_token(store, "ci", "anna")
        assert remove_user(store, "boris") == 2
        with pytest.raises(TokenRefused, match="revoked"):
            token_user(store.engine, secret)
        assert token_user(store.engine, kept) == "anna"


def test_last_used_is_written_at_most_once_a_minute(sqlite_url: str,
                                                    web: SimpleNamespace) -> None:
    with open_store(sqlite_url) as store:
        web.fill(store)
        token, secret = create_token(store, "ci", "anna")
        token_user(store.engine, secret)
        first = list_tokens(store)[0].last_used_at
        token_user(store.engine, secret)
        assert list_tokens(store)[0].last_used_at == first  # within the minute: no write
        assert first is not None
        earlier = first - LAST_USED_EVERY - timedelta(seconds=1)
        with store.engine.begin() as conn:
            conn.execute(update(api_tokens).values(last_used_at=earlier))
        token_user(store.engine, secret)
        latest = list_tokens(store)[0].last_used_at
        assert latest is not None and latest > earlier


# --- over HTTP ---------------------------------------------------------------------------


@pytest.fixture
def secret(filled: tuple[str, Any]) -> str:
    with open_store(filled[0]) as store:
        return create_token(store, "script", "boris")[1]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _case(client: httpx.AsyncClient, case_id: int) -> dict[str, Any]:
    data: dict[str, Any] = (await client.get(f"/cases/{case_id}.json")).json()
    return data


WRITES: dict[str, Callable[[dict[str, Any], dict[str, int]], dict[str, Any]]] = {
    "status": lambda case, ids: {"status": "confirmed"},
    "edit": lambda case, ids: {"field": "count", "choice": "new", "value": "10-12"},
    "merge": lambda case, ids: {"other": ids["hostile"]},
    "split": lambda case, ids: {"mention_id": case["mentions"][1]["id"]},
}


@pytest.mark.anyio
@pytest.mark.parametrize("action", WRITES)
async def test_every_write_takes_a_token_without_csrf(
        client: httpx.AsyncClient, ids: dict[str, int], secret: str, action: str) -> None:
    case = await _case(client, ids["omsk"])
    data = {"version": case["case"]["version"], **WRITES[action](case, ids)}
    answer = await client.post(f"/cases/{ids['omsk']}/{action}", data=data,
                               headers=bearer(secret))
    assert answer.status_code == 200, answer.text  # JSON, not a redirect: a script asked
    assert answer.json()["ok"] is True
    log = (await _case(client, answer.json()["case_id"]))["review_log"]
    assert log and {e["user"] for e in log} == {"boris"}  # the token's user, logged
    assert "set-cookie" not in answer.headers  # a token request starts no session


@pytest.mark.anyio
async def test_a_refused_write_answers_json_to_a_token(client: httpx.AsyncClient,
                                                       ids: dict[str, int], secret: str) -> None:
    answer = await client.post(f"/cases/{ids['omsk']}/status", headers=bearer(secret),
                               data={"status": "confirmed", "version": 999})
    assert answer.status_code == 409 and "since you opened it" in answer.json()["detail"]


@pytest.mark.anyio
@pytest.mark.parametrize(("header", "code", "words"), [
    ("Bearer not-a-token", "E412", "unknown API token"),
    ("Bearer ", "E412", "Bearer TOKEN"),
    ("Basic YW5uYTpwdw==", "E412", "must read: Bearer TOKEN"),
    ("REVOKED", "E413", "was revoked on"),
])
async def test_a_bad_token_gets_401_with_a_json_reason(
        client: httpx.AsyncClient, ids: dict[str, int], filled: tuple[str, Any], secret: str,
        web: SimpleNamespace, header: str, code: str, words: str) -> None:
    if header == "REVOKED":
        with open_store(filled[0]) as store:
            revoke_token(store, list_tokens(store)[0].id)
        header = f"Bearer {secret}"
    await web.sign_in(client)  # a signed-in session does not rescue a bad token
    before = await _case(client, ids["omsk"])
    answer = await client.post(f"/cases/{ids['omsk']}/status", data={
        "status": "rejected", "version": before["case"]["version"]},
        headers={"Authorization": header, "accept": "text/html"})
    assert answer.status_code == 401
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.headers["www-authenticate"] == "Bearer"
    detail = answer.json()["detail"]
    assert detail.startswith(f"[{code}] ") and words in detail
    assert (await _case(client, ids["omsk"]))["case"]["status"] == "machine"


@pytest.mark.anyio
async def test_a_cookie_session_still_needs_its_csrf_token(
        client: httpx.AsyncClient, ids: dict[str, int], web: SimpleNamespace) -> None:
    csrf = await web.sign_in(client)
    version = (await _case(client, ids["omsk"]))["case"]["version"]
    refused = await client.post(f"/cases/{ids['omsk']}/status",
                                data={"status": "confirmed", "version": version})
    assert refused.status_code == 403
    done = await client.post(f"/cases/{ids['omsk']}/status",
                             data={"status": "confirmed", "version": version,
                                   "csrf_token": csrf})
    assert done.status_code == 303


@pytest.mark.anyio
async def test_nobody_signed_in_and_no_token(client: httpx.AsyncClient,
                                             ids: dict[str, int]) -> None:
    answer = await client.post(f"/cases/{ids['omsk']}/status", headers={"accept":
                                                                        "application/json"},
                               data={"status": "confirmed", "version": 1})
    assert answer.status_code == 401 and "API token" in answer.json()["detail"]


@pytest.mark.anyio
async def test_a_token_reads_where_reading_needs_sign_in(filled: tuple[str, Any], secret: str,
                                                         web: SimpleNamespace) -> None:
    async with web.app_client(filled[0], read_requires_login=True) as c:
        assert (await c.get("/cases.json")).status_code == 401
        answer = await c.get("/cases.json", headers=bearer(secret))
        assert answer.status_code == 200 and answer.json()["cases"]
        assert (await c.get("/cases.json", headers=bearer("nope"))).status_code == 401


def test_openapi_shows_the_bearer_scheme_on_every_write(filled: tuple[str, Any]) -> None:
    app = create_app(filled[0], secret_key="k")
    try:
        spec = app.openapi()
    finally:
        app.state.store.close()
    assert spec["components"]["securitySchemes"]["HTTPBearer"] == {
        "type": "http", "scheme": "bearer",
        "description": spec["components"]["securitySchemes"]["HTTPBearer"]["description"]}
    assert "otkaz token create" in spec["components"]["securitySchemes"]["HTTPBearer"][
        "description"]
    writes = {path: ops["post"] for path, ops in spec["paths"].items() if "post" in ops}
    assert set(writes) == {f"/cases/{{case_id}}/{a}" for a in WRITES}
    for op in writes.values():
        assert op["security"] == [{"HTTPBearer": []}]
    reads = [ops["get"] for ops in spec["paths"].values() if "get" in ops]
    assert reads and all("security" not in op for op in reads)
