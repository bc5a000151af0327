"""Every CLI command has help text that names its purpose and options."""

import pytest
from typer.testing import CliRunner

from otkaz.cli import app

runner = CliRunner()

COMMANDS = {
    ("extract",): ["--output", "--link", "--workers"],
    ("ingest",): ["--published", "--include", "--exclude", "--db"],
    ("cases",): ["--type", "--force", "--place", "--since", "--until"],
    ("show",): ["--json", "--db"],
    ("export",): ["--format", "--output"],
    ("stats",): ["--by", "--format"],
    ("demo",): ["--db"],
    ("serve",): ["--host", "--port", "--workers", "--db"],
    ("reextract",): ["--db"],
    ("status",): ["--db"],
    ("relink",): ["--db"],
    ("backup",): ["--db", "target"],
    ("user", "add"): ["--password-stdin", "--db"],
    ("user", "passwd"): ["--password-stdin", "--db"],
    ("user", "list"): ["--db"],
    ("user", "remove"): ["--yes", "--db"],
    ("token", "create"): ["--user", "--db"],
    ("token", "list"): ["--user", "--db"],
    ("token", "revoke"): ["token_id", "--db"],
    ("documents", "list"): ["--limit", "--db"],
    ("documents", "show"): ["document_id", "--db"],
    ("documents", "delete"): ["--yes", "--user", "--db"],
}


def test_every_command_is_covered() -> None:
    names = {c.name or c.callback.__name__ for c in app.registered_commands}
    names |= {g.name for g in app.registered_groups}
    assert names == {path[0] for path in COMMANDS}


@pytest.mark.parametrize("path,options", COMMANDS.items(), ids=" ".join)
def test_help(path: tuple[str, ...], options: list[str]) -> None:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    for option in options:
        assert option in result.output


def test_debug_is_an_option_of_every_command() -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0 and "--debug" in result.output
