"""Every CLI command has help text that names its purpose and options."""

import re

import pytest
from typer.testing import CliRunner

from otkaz.cli import app

runner = CliRunner()

COMMANDS = {
    ("extract",): ["--output", "--link", "--workers", "docs/FORMAT.md"],
    ("evaluate",): ["--docs", "--pred", "--show", "--format", "--save-pred", "docs/FORMAT.md"],
    ("ingest",): ["--published", "--include", "--exclude", "--db"],
    ("cases",): ["--type", "--force", "--place", "--since", "--until"],
    ("show",): ["--json", "--db"],
    ("export",): ["--format", "--output", "label-studio-config"],
    ("stats",): ["--by", "--format"],
    ("demo",): ["--db"],
    ("serve",): ["--host", "--port", "--workers", "--db"],
    ("reextract",): ["--db"],
    ("status",): ["--db"],
    ("relink",): ["--db"],
    ("backup",): ["--db", "TARGET"],
    ("user", "add"): ["--password-stdin", "--db"],
    ("user", "passwd"): ["--password-stdin", "--db"],
    ("user", "list"): ["--db"],
    ("user", "remove"): ["--yes", "--db"],
    ("token", "create"): ["--user", "--db"],
    ("token", "list"): ["--user", "--db"],
    ("token", "revoke"): ["TOKEN_ID", "--db"],
    ("webhook", "add"): ["URL", "--filter", "--secret-stdin", "--backlog", "--db"],
    ("webhook", "list"): ["--db"],
    ("webhook", "remove"): ["NAME", "--db"],
    ("webhook", "send"): ["--base-url", "--timeout", "--db"],
    ("datasette-metadata",): ["--output", "--allow-sql", "--db"],
    ("documents", "list"): ["--limit", "--db"],
    ("documents", "show"): ["DOCUMENT_ID", "--db"],
    ("documents", "delete"): ["--yes", "--user", "--db"],
    ("import", "label-studio"): ["--gold-out", "--docs-out", "--user", "--no-review", "--db"],
    ("watch", "run"): ["SOURCES_FILE", "--once", "--db"],
    ("watch", "status"): ["--db"],
}


def test_every_command_is_covered() -> None:
    names = {c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands}
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
    assert result.exit_code == 0 and "--debug" in result.output and "--version" in result.output


def test_version() -> None:
    from otkaz import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output == f"otkaz {__version__}\n"


# Typer's type labels ("--since <str>", "--all <bool>", usage "{name}"): none in any help
NOISE = re.compile(r"<(?:str|bool|int|float|Path)[^>]*>|<float range>|<int range>|\{\w+\}")


@pytest.mark.parametrize("path", [(), *COMMANDS, ("user",), ("token",), ("documents",),
                                  ("webhook",), ("watch",)],
                         ids=lambda p: " ".join(p) or "otkaz")
def test_help_names_values_not_types(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0
    assert not NOISE.search(result.output), NOISE.search(result.output)


@pytest.mark.parametrize(("path", "lines"), [
    (("cases",), [r"--since +DATE +Cases on", r"--all +Include rejected", r"--db +URL +Database",
                  r"--limit +N +At most"]),
    (("ingest",), [r"ingest \[OPTIONS\] SOURCES\.\.\.", r"--include +GLOB +In folders"]),
    (("show",), [r"show \[OPTIONS\] CASE_ID", r"--json +Print JSON"]),  # a flag: no value
])
def test_help_shows_what_values_are(path: tuple[str, ...], lines: list[str]) -> None:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    for line in lines:
        assert re.search(line, result.output), line
