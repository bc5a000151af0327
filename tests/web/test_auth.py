"""Reviewer accounts, sign-in, sessions and CSRF protection."""

from __future__ import annotations

from types import SimpleNamespace

import httpx
import pytest
from sqlalchemy import select

from otkaz.store import open_store
from otkaz.store.schema import users
from otkaz.web.auth import UserError, create_user, verify_user


def test_create_and_verify(db_url: str) -> None:
    with open_store(db_url) as store:
        create_user(store, "vera", "s3cret-enough")
        with store.engine.connect() as conn:
            stored = conn.execute(select(users.c.password_hash)).scalar_one()
        assert stored.startswith("$argon2id$") and "s3cret" not in stored
        assert verify_user(store, "vera", "s3cret-enough")
        assert not verify_user(store, "vera", "s3cret-enougH")
        assert not verify_user(store, "nobody", "s3cret-enough")
        with pytest.raises(UserError, match="already exists"):
            create_user(store, "vera", "another-password")
        create_user(store, "vera", "another-password", replace=True)
        assert verify_user(store, "vera", "another-password")
        assert not verify_user(store, "vera", "s3cret-enough")


@pytest.mark.parametrize(("name", "password", "message"), [
    ("", "long enough", "bad user name"),
    ("two words", "long enough", "bad user name"),
    ("x" * 65, "long enough", "bad user name"),
    ("ok", "short", "too short"),
])
def test_bad_accounts_are_refused(sqlite_url: str, name: str, password: str,
                                  message: str) -> None:
    with open_store(sqlite_url) as store, pytest.raises(UserError, match=message):
        create_user(store, name, password)



@pytest.mark.anyio
async def test_sign_in_and_out(client: httpx.AsyncClient, web: SimpleNamespace) -> None:
    page = await client.get("/login?next=/map")
    token = web.token_in(page.text)
    wrong = await client.post("/login", data={"name": "anna", "password": "nope",
                                              "next": "/map", "csrf_token": token})
    assert wrong.status_code == 401 and "Wrong user name or password" in wrong.text
    right = await client.post("/login", data={"name": "anna", "password": web.PASSWORD,
                                              "next": "/map", "csrf_token": token})
    assert right.status_code == 303 and right.headers["location"] == "/map"
    cases = await client.get("/cases")
    assert "Signed in as anna" in cases.text and '<span class="user">anna</span>' in cases.text
    new_token = web.token_in(cases.text)
    assert new_token != token  # a fresh session on sign-in
    out = await client.post("/logout", data={"csrf_token": new_token})
    assert out.status_code == 303
    assert "Sign in</a>" in (await client.get("/cases")).text


@pytest.mark.anyio
@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "\\\\evil"])
async def test_no_open_redirect(client: httpx.AsyncClient, web: SimpleNamespace,
                                target: str) -> None:
    token = web.token_in((await client.get("/login")).text)
    answer = await client.post("/login", data={"name": "anna", "password": web.PASSWORD,
                                               "next": target, "csrf_token": token})
    assert answer.headers["location"] == "/cases"


@pytest.mark.anyio
async def test_login_needs_csrf(client: httpx.AsyncClient, web: SimpleNamespace) -> None:
    await client.get("/login")
    answer = await client.post("/login", data={"name": "anna", "password": web.PASSWORD})
    assert answer.status_code == 403


@pytest.mark.anyio
async def test_writes_need_a_session_and_the_token(client: httpx.AsyncClient, ids: dict[str, int],
                                                   web: SimpleNamespace) -> None:
    url = f"/cases/{ids['omsk']}/status"
    form = {"status": "confirmed", "version": "2"}
    assert (await client.post(url, data=form)).status_code == 401
    token = await web.sign_in(client)
    assert (await client.post(url, data=form)).status_code == 403
    assert (await client.post(url, data=form | {"csrf_token": "forged"})).status_code == 403
    # htmx sends the token as a header
    answer = await client.post(url, data=form, headers={"X-CSRF-Token": token,
                                                        "accept": "application/json"})
    assert answer.status_code == 200 and answer.json()["ok"] is True
