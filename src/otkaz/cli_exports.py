"""`otkaz datasette-metadata`: titles, column notes and facets for browsing the database in
Datasette.

    $ otkaz datasette-metadata -o metadata.json
    $ datasette otkaz.db --metadata metadata.json

Registered on the command group by otkaz.cli, which imports this module last.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from otkaz import settings
from otkaz.cli import DbOption, _fail, app, err
from otkaz.errors import OtkazError


@app.command("datasette-metadata")
def datasette_metadata(
    output: Annotated[str, typer.Option("-o", "--output", help="File to write; - for stdout.")]
    = "-",
    allow_sql: Annotated[bool, typer.Option(
        "--allow-sql", help="Let Datasette run any SQL. Off by default: SQL could read the "
                            "password and API token hashes that the metadata closes.")]
    = False,
    db: DbOption = None,
) -> None:
    """Write a Datasette metadata.json for the SQLite database: title, table and column
    descriptions, facets, sortable columns, labels; account tables closed."""
    from otkaz.export.datasette import database_name
    from otkaz.export.datasette import datasette_metadata as make

    url = db or settings.get("db")
    try:
        name = database_name(url)
    except OtkazError as e:
        raise _fail(e.one_line()) from None
    text = json.dumps(make(name, allow_sql=allow_sql), indent=2, ensure_ascii=False) + "\n"
    if output == "-":
        sys.stdout.write(text)
        return
    with open(output, "w", encoding="utf-8") as f:
        f.write(text)
    err.print(f"wrote {output} for the database Datasette calls {name!r}: "
              f"datasette {url.split('///', 1)[-1]} --metadata {output}",
              highlight=False, soft_wrap=True)
