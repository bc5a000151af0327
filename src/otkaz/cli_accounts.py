"""`otkaz user ...` and `otkaz token ...`: reviewer accounts and personal API tokens.

    $ otkaz user add anna                      # asks for the password twice
    $ printf '%s\\n' "$PW" | otkaz user passwd anna --password-stdin
    $ otkaz token create "nightly import" --user anna
    $ curl -H "Authorization: Bearer $TOKEN" -d status=confirmed -d version=3 \\
          http://127.0.0.1:8000/cases/12/status

A password is never an argument (it would stay in the shell's history and show in
`ps`): it is asked for, hidden and twice, or read from the first line of standard
input with --password-stdin. A token's secret is printed once, alone on standard
output, so `TOKEN=$(otkaz token create ...)` keeps it; the store keeps only its hash.

Registered on the command group by otkaz.cli, which imports this module last.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from otkaz.cli import DbOption, _fail, _open, app, err, out
from otkaz.cli_text import plural
from otkaz.errors import OtkazError

user_app = typer.Typer(help="Manage reviewer accounts for the web dashboard.",
                       no_args_is_help=True)
token_app = typer.Typer(help="Personal API tokens, for scripts that write through the API.",
                        no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")

UserName = Annotated[str, typer.Argument(help="The reviewer's user name.")]
PasswordStdin = Annotated[bool, typer.Option(
    "--password-stdin", help="Read the password from the first line of standard input "
                             "(for scripts) instead of asking for it.")]


def _password(from_stdin: bool) -> str:
    """The new password: the first line of stdin, or asked for twice without echo."""
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise _fail("--password-stdin: standard input holds no password line")
        return line
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def _stamp(moment: datetime | None) -> str:
    return "" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


@user_app.command("add")
def user_add(name: UserName, password_stdin: PasswordStdin = False,
             db: DbOption = None) -> None:
    """Add a reviewer account; the password is asked for (twice, hidden)."""
    from otkaz.web.auth import create_user

    password = _password(password_stdin)
    with _open(db) as store:
        try:
            create_user(store, name, password)
        except OtkazError as e:
            raise _fail(e.one_line()) from None
    out.print(f"user {name.strip()} added", highlight=False)


@user_app.command("passwd")
def user_passwd(name: UserName, password_stdin: PasswordStdin = False,
                db: DbOption = None) -> None:
    """Set a new password for a reviewer account (signed-in sessions go on until they end)."""
    from otkaz.web.auth import set_password

    password = _password(password_stdin)
    with _open(db) as store:
        try:
            set_password(store, name, password)
        except OtkazError as e:
            raise _fail(e.one_line()) from None
    out.print(f"password of {name.strip()} changed", highlight=False)


@user_app.command("list")
def user_list(db: DbOption = None) -> None:
    """List reviewer accounts: name, when added, live API tokens."""
    from otkaz.web.auth import list_users

    with _open(db) as store:
        accounts = list_users(store)
    table = Table(title=plural(len(accounts), "user"))
    for column in ("name", "added (UTC)", "tokens"):
        table.add_column(column, justify="right" if column == "tokens" else "left")
    for a in accounts:
        table.add_row(a.name, _stamp(a.created_at), str(a.tokens))
    out.print(table)


@user_app.command("remove")
def user_remove(name: UserName,
                yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")]
                = False,
                db: DbOption = None) -> None:
    """Remove a reviewer account and revoke its API tokens; the review log keeps its name."""
    from otkaz.web.auth import remove_user

    if not yes:
        typer.confirm(f"Remove user {name} and revoke their API tokens?", abort=True)
    with _open(db) as store:
        try:
            revoked = remove_user(store, name)
        except OtkazError as e:
            raise _fail(e.one_line()) from None
    out.print(f"user {name.strip()} removed; {plural(revoked, 'API token')} revoked",
              highlight=False)


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="What the token is for, e.g. 'nightly import'.")],
    user: Annotated[str, typer.Option(help="The reviewer account the token acts as (the "
                                           "review log names it).", show_default=False)],
    db: DbOption = None,
) -> None:
    """Make an API token and print it once; send it as `Authorization: Bearer TOKEN`."""
    from otkaz.web.tokens import create_token

    with _open(db) as store:
        try:
            token, secret = create_token(store, name, user)
        except OtkazError as e:
            raise _fail(e.one_line()) from None
    err.print(f"token {token.id} ({token.name}) acts as {token.user}; it is shown only now, "
              "so keep it in a safe place. Revoke it with `otkaz token revoke "
              f"{token.id}`.", highlight=False, soft_wrap=True)
    print(secret)  # alone on stdout: TOKEN=$(otkaz token create ...)


@token_app.command("list")
def token_list(
    user: Annotated[str | None, typer.Option(help="Only this user's tokens.",
                                             show_default=False)] = None,
    db: DbOption = None,
) -> None:
    """List API tokens (never their secrets): id, name, user, created, last used, revoked."""
    from otkaz.web.tokens import list_tokens

    with _open(db) as store:
        tokens = list_tokens(store, user)
    live = sum(not t.revoked for t in tokens)
    table = Table(title=f"{plural(len(tokens), 'token')}, {live} live")
    for column in ("id", "name", "user", "created (UTC)", "last used", "revoked"):
        table.add_column(column, justify="right" if column == "id" else "left")
    for t in tokens:
        table.add_row(str(t.id), t.name, t.user, _stamp(t.created_at),
                      _stamp(t.last_used_at) or "never", _stamp(t.revoked_at))
    out.print(table)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="A token id from `otkaz token list`.")],
    db: DbOption = None,
) -> None:
    """Revoke an API token: requests that send it are refused (401) from now on."""
    from otkaz.web.tokens import revoke_token

    with _open(db) as store:
        try:
            token = revoke_token(store, token_id)
        except OtkazError as e:
            raise _fail(e.one_line()) from None
    out.print(f"token {token.id} ({token.name}) of {token.user} revoked "
              f"{_stamp(token.revoked_at)} UTC", highlight=False)
