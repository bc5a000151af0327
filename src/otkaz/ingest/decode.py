"""Bytes to text: size limits, binary detection and encoding detection, shared by all readers.

    >>> decode_text("Солдаты отказались.".encode("cp1251") * 12, source="a.txt")[:8]
    'Солдаты '

Order of trust: a byte-order mark, then strict UTF-8 (other encodings of
non-ASCII text are almost never valid UTF-8), then a declared charset (HTTP
header or ``<meta charset>``), then charset_normalizer's best guess.
Bytes with NULs (and no UTF-16/32 BOM) are binary; bytes no encoding explains
are undecodable.

A guess that rests on fewer than GUESS_MIN_BYTES non-ASCII bytes is often wrong
(two sentences of KOI8-R read as Shift JIS, of Mac Cyrillic as cp1251), so it
comes with a GuessedEncoding warning naming the source and the encoding chosen;
`otkaz ingest` prints it as one line.
"""

from __future__ import annotations

import codecs
import re
import warnings

import charset_normalizer

from otkaz import settings
from otkaz.errors import SourceError

# (mark, codec) longest first, so UTF-32-LE is not read as UTF-16-LE.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Control characters that never appear in text (tab, newline, CR, FF, ESC excluded).
_CONTROL = set(range(0, 32)) - {9, 10, 12, 13, 27}
# Non-ASCII bytes below which charset_normalizer's guess is not to be trusted blindly: in
# trials with Russian text, KOI8-R and Mac Cyrillic of under 80 such bytes were misread
GUESS_MIN_BYTES = 200


class GuessedEncoding(UserWarning):
    """Text decoded by an encoding guessed from few non-ASCII bytes (it may read wrong)."""


def limit(max_bytes: int | None) -> int:
    """The size limit in force: `max_bytes` when given, else the `max_bytes` setting."""
    return settings.get_int("max_bytes") if max_bytes is None else max_bytes


def human_size(n: int) -> str:
    """`52428800` -> ``'50.0 MB'`` (binary megabytes, as the limit is set)."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def too_large(source: str, size: int, max_bytes: int, *, at_least: bool = False) -> SourceError:
    """The E104 error for a file or download of `size` bytes over `max_bytes`."""
    what = "" if at_least else f"{human_size(size)} ({size} bytes), "
    return SourceError(
        source, "E104",
        f"too large: {what}over the {human_size(max_bytes)} limit "
        f"(max_bytes={max_bytes}; set OTKAZ_MAX_BYTES to raise it)",
    )


def _bom(data: bytes) -> tuple[str, int] | None:
    for mark, codec in _BOMS:
        if data.startswith(mark):
            return codec, len(mark)
    return None


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text: NULs without a UTF-16/32 BOM, or many control bytes."""
    if _bom(data) is not None and not data.startswith(codecs.BOM_UTF8):
        return False
    head = data[:8192]
    if b"\0" in head:
        return True
    controls = sum(1 for b in head if b in _CONTROL)
    return controls > max(8, len(head) // 100)


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB (``<meta charset=...>``), if any."""
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii").lower() if found else None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_text(data: bytes, *, source: str, declared: str | None = None) -> str:
    """Decode `data` to str or raise SourceError E103 (binary) / E111 (undecodable)."""
    bom = _bom(data)
    if bom is not None:
        codec, skip = bom
        try:
            return data[skip:].decode(codec)
        except UnicodeDecodeError as e:
            reason = f"not valid {codec} despite its BOM ({e.reason})"
            raise SourceError(source, "E111", reason) from None
    if looks_binary(data):
        raise SourceError(source, "E103", "binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared_codec = _codec(declared)
    if declared_codec is not None:
        try:
            return data.decode(declared_codec)
        except UnicodeDecodeError:
            pass  # the declaration lies; detect instead
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise SourceError(source, "E111", "undecodable: not UTF-8 and no text encoding fits")
    evidence = sum(1 for b in data if b >= 0x80)
    if evidence < GUESS_MIN_BYTES:
        warnings.warn(GuessedEncoding(
            f"{source}: encoding guessed as {best.encoding} from only {evidence} non-ASCII "
            f"bytes; if its text reads wrong, save it as UTF-8 and ingest it again"),
            stacklevel=2)
    return str(best)
