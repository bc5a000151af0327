"""Errors otkaz raises, each with a code and a message that names the source.

    >>> str(SourceError("notes.txt", "E102", "empty file"))
    '[E102] notes.txt: empty file'
"""

from __future__ import annotations


class OtkazError(Exception):
    """Base class of every error otkaz raises on purpose."""

    code = "E000"

    def __init__(self, message: str, code: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code
        self.message = message
        self.hint = hint  # what to do about it, for the one-line message the CLI prints

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"

    def one_line(self) -> str:
        """The error and its hint on one line, as the CLI prints it.

            >>> StoreError("cannot write x.db", "E306", "check its permissions").one_line()
            '[E306] cannot write x.db (hint: check its permissions)'
        """
        text = " ".join(str(self).split())  # driver messages may hold newlines
        return f"{text} (hint: {self.hint})" if self.hint else text


class SourceError(OtkazError):
    """A source (file, URL, feed, JSONL line) could not be read; the batch goes on."""

    def __init__(self, source: str, code: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}", code)
        self.source = source
        self.reason = reason


class StoreError(OtkazError):
    """The database could not be opened, read or written.

    Codes: E301 bad URL, E302 cannot open or reach the database, E303 migration
    failed, E304/E305 another read/write failure, E306 read-only, E307 not a
    database or damaged, E308 locked by another process, E309 the folder of the
    file is missing, E310 the file was deleted or replaced while in use, E311 a
    backup could not be made. The message never holds SQL, stored text or a
    password; `hint` says what to do.
    """

    code = "E300"


class ExtractError(OtkazError):
    """The extraction pipeline could not be built (e.g. the model is missing)."""

    code = "E200"


class ResourceError(ExtractError):
    """A language resource (`otkaz/lang/<lang>/<name>.toml`) or an entry in it is missing
    (E210, E212) or is not valid TOML (E211)."""

    code = "E210"


class EvaluationError(OtkazError):
    """A gold, documents or predictions file that cannot be scored.

    Codes: E601 a file is missing or unreadable, E602 a line is not a JSON object with an
    `id`, E603 an id names no document, E604 a gold quote is not in its text, E605 no
    documents for the gold (no --docs and no docs.jsonl beside it).
    """

    code = "E600"


class AnnotationError(OtkazError):
    """An annotation export (Label Studio) that cannot be read.

    Codes: E611 not a Label Studio JSON export, E612 a task without text, E613 a region
    that does not fit its text, E614 a value that cannot be read (a count, a date).
    """

    code = "E610"
