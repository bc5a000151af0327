"""Errors otkaz raises, each with a code and a message that names the source.

    >>> str(SourceError("notes.txt", "E102", "empty file"))
    '[E102] notes.txt: empty file'
"""

from __future__ import annotations


class OtkazError(Exception):
    """Base class of every error otkaz raises on purpose."""

    code = "E000"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class SourceError(OtkazError):
    """A source (file, URL, feed, JSONL line) could not be read; the batch goes on."""

    def __init__(self, source: str, code: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}", code)
        self.source = source
        self.reason = reason


class StoreError(OtkazError):
    """The database could not be opened or written."""

    code = "E300"


class ExtractError(OtkazError):
    """The extraction pipeline could not be built (e.g. the model is missing)."""

    code = "E200"


class ResourceError(ExtractError):
    """A language resource (`otkaz/lang/<lang>/<name>.toml`) or an entry in it is missing
    (E210, E212) or is not valid TOML (E211)."""

    code = "E210"
