"""`otkaz user add|passwd|list|remove` and `otkaz token create|list|revoke`.

Passwords are asked for (hidden, twice) or read from standard input, never taken as an
argument; a token's secret is printed once, alone on standard output."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from otkaz.cli import app
from otkaz.store import open_store
from otkaz.web.auth import verify_user
from otkaz.web.tokens import token_user

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of one command."""
    result = CliRunner().invoke(app, list(args), env=ENV, input=input)
    return result.exit_code, result.stdout, result.stderr


def test_add_asks_for_the_password_twice(sqlite_url: str) -> None:
    code, output, _ = run("user", "add", "alice", "--db", sqlite_url,
                          input="correct horse\ncorrect horse\n")
    assert code == 0 and "user alice added" in output
    assert "correct horse" not in output  # hidden while typed
    code, output, error = run("user", "add", "bob", "--db", sqlite_url,
                              input="correct horse\nanother one\n")
    # asked again after the mismatch; the input ran out, so nothing was saved
    assert code == 1 and "do not match" in output and "Aborted" in error
    with open_store(sqlite_url) as store:
        assert verify_user(store, "alice", "correct horse")
        assert not verify_user(store, "bob", "correct horse")


def test_password_from_stdin_and_passwd(sqlite_url: str) -> None:
    code, output, _ = run("user", "add", "alice", "--password-stdin", "--db", sqlite_url,
                          input="correct horse\n")
    assert code == 0 and "user alice added" in output and "Password" not in output
    code, _, error = run("user", "add", "alice", "--password-stdin", "--db", sqlite_url,
                         input="battery staple\n")
    assert code == 2 and "[E410] user 'alice' already exists" in error
    assert "otkaz user passwd alice" in error
    code, output, _ = run("user", "passwd", "alice", "--password-stdin", "--db", sqlite_url,
                          input="battery staple\n")
    assert code == 0 and "password of alice changed" in output
    with open_store(sqlite_url) as store:
        assert verify_user(store, "alice", "battery staple")
        assert not verify_user(store, "alice", "correct horse")


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["user", "add", "bob", "--password-stdin"], "short\n", "too short (at least 8"),
    (["user", "add", "bob", "--password-stdin"], "", "standard input holds no password"),
    (["user", "add", "two words", "--password-stdin"], "long enough\n", "bad user name"),
    (["user", "passwd", "nobody", "--password-stdin"], "long enough\n", "no user 'nobody'"),
    (["user", "remove", "nobody", "--yes"], None, "no user 'nobody'"),
    (["token", "create", "ci", "--user", "nobody"], None, "[E411] no user 'nobody'"),
    (["token", "revoke", "42"], None, "[E411] no token 42"),
])
def test_refusals_are_one_line(sqlite_url: str, args: list[str], stdin: str | None,
                               message: str) -> None:
    code, output, error = run(*args, "--db", sqlite_url, input=stdin)
    assert code == 2 and message in error
    assert len(error.strip().splitlines()) == 1 and output == ""


def test_no_password_argument(sqlite_url: str) -> None:
    code, _, error = run("user", "add", "alice", "--password", "correct horse",
                         "--db", sqlite_url)
    assert code == 2 and "No such option" in error


def test_list_and_remove(sqlite_url: str) -> None:
    for name in ("bob", "alice"):
        run("user", "add", name, "--password-stdin", "--db", sqlite_url, input="long enough\n")
    run("token", "create", "ci", "--user", "bob", "--db", sqlite_url)
    code, output, _ = run("user", "list", "--db", sqlite_url)
    assert code == 0 and "2 users" in output
    rows = [line.split() for line in output.splitlines() if line.startswith("│")]
    assert [(r[1], r[-2]) for r in rows] == [("alice", "0"), ("bob", "1")]
    code, _, _ = run("user", "remove", "bob", "--db", sqlite_url, input="n\n")
    assert code == 1  # not confirmed: aborted, nothing removed
    code, output, _ = run("user", "remove", "bob", "--db", sqlite_url, input="y\n")
    assert code == 0 and "user bob removed; 1 API token revoked" in output
    code, output, _ = run("user", "list", "--db", sqlite_url)
    assert "1 user" in output and "bob" not in output


def test_token_create_list_revoke(sqlite_url: str) -> None:
    run("user", "add", "anna", "--password-stdin", "--db", sqlite_url, input="long enough\n")
    code, output, error = run("token", "create", "nightly import", "--user", "anna",
                              "--db", sqlite_url)
    assert code == 0
    secret = output.strip()
    assert len(output.splitlines()) == 1 and len(secret) >= 43  # the secret alone on stdout
    assert "token 1 (nightly import) acts as anna" in error and "shown only now" in error
    with open_store(sqlite_url) as store:
        assert token_user(store.engine, secret) == "anna"
    code, output, _ = run("token", "list", "--db", sqlite_url)
    assert code == 0 and "1 token, 1 live" in output and "nightly import" in output
    assert secret not in output
    code, output, _ = run("token", "revoke", "1", "--db", sqlite_url)
    assert code == 0 and "token 1 (nightly import) of anna revoked" in output
    code, output, _ = run("token", "list", "--user", "anna", "--db", sqlite_url)
    assert "1 token, 0 live" in output
    code, output, _ = run("token", "list", "--user", "bob", "--db", sqlite_url)
    assert "0 tokens, 0 live" in output
