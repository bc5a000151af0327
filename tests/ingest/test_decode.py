from __future__ import annotations

import pytest

from otkaz.errors import SourceError
from otkaz.ingest.decode import decode_text, human_size, looks_binary, meta_charset

RUSSIAN = "Двенадцать солдат отказались возвращаться на позиции, сообщили их родственники."


@pytest.mark.parametrize(
    ("data", "declared", "text"),
    [
        (b"Plain ASCII.", None, "Plain ASCII."),
        ("Soldaty — «отказ»".encode(), "cp1251", "Soldaty — «отказ»"),  # valid UTF-8 wins
        (RUSSIAN.encode("cp1251"), None, RUSSIAN),
        (RUSSIAN.encode("cp1251"), "windows-1251", RUSSIAN),
        (RUSSIAN.encode("cp1251"), "no-such-codec", RUSSIAN),
        (RUSSIAN.encode("utf-16"), None, RUSSIAN),
        (b"\xef\xbb\xbf" + RUSSIAN.encode(), None, RUSSIAN),
        ("Café déserteurs à Lyon".encode("latin-1"), "iso-8859-1", "Café déserteurs à Lyon"),
    ],
)
def test_decode_text(data: bytes, declared: str | None, text: str) -> None:
    assert decode_text(data, source="s", declared=declared) == text


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"GIF89a\x00\x00\x00", "E103"),
        (bytes(range(1, 9)) * 40, "E103"),  # control bytes, no NUL
        (b"\xef\xbb\xbfabc\xff", "E111"),
    ],
)
def test_decode_text_errors(data: bytes, code: str) -> None:
    with pytest.raises(SourceError) as caught:
        decode_text(data, source="s")
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("data", "binary"),
    [
        (b"text with\ttabs\r\nand lines\f", False),
        (b"a\x00b", True),
        ("текст".encode("utf-16-le").join([b"\xff\xfe", b""]), False),
        (b"\x1b[31mcoloured log\x1b[0m", False),
    ],
)
def test_looks_binary(data: bytes, binary: bool) -> None:
    assert looks_binary(data) is binary


@pytest.mark.parametrize(
    ("html", "charset"),
    [
        (b'<meta charset="windows-1251">', "windows-1251"),
        (b"<meta http-equiv='Content-Type' content='text/html; charset=KOI8-R'>", "koi8-r"),
        (b"<html><body>no declaration</body></html>", None),
    ],
)
def test_meta_charset(html: bytes, charset: str | None) -> None:
    assert meta_charset(html) == charset


@pytest.mark.parametrize(
    ("n", "text"),
    [(512, "512 bytes"), (2048, "2.0 KB"), (10 * 1024 * 1024, "10.0 MB"), (3 << 30, "3.0 GB")],
)
def test_human_size(n: int, text: str) -> None:
    assert human_size(n) == text


SHORT_KOI8 = "Солдаты отказались воевать.".encode("koi8-r")  # 24 non-ASCII bytes


def test_a_guess_from_few_bytes_warns_naming_the_source_and_encoding() -> None:
    from otkaz.ingest.decode import GUESS_MIN_BYTES, GuessedEncoding

    with pytest.warns(GuessedEncoding, match=r"^short\.txt: encoding guessed as \S+ from only "
                                             r"24 non-ASCII bytes; .* save it as UTF-8"):
        decode_text(SHORT_KOI8, source="short.txt")
    assert len(SHORT_KOI8.decode("koi8-r")) < GUESS_MIN_BYTES


@pytest.mark.parametrize("data", [
    (RUSSIAN * 4).encode("cp1251"),  # enough bytes to go on
    RUSSIAN.encode("utf-8"),  # not guessed: valid UTF-8
    RUSSIAN.encode("utf-16"),  # not guessed: a BOM
])
def test_no_warning_when_the_encoding_is_known_or_well_evidenced(data: bytes) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert decode_text(data, source="s").startswith("Двенадцать")
