"""The language of a document, as an ISO 639-1 code.

    >>> detect_language("Двенадцать омоновцев отказались ехать на Украину.")
    'ru'
    >>> detect_language("Чотири військовослужбовці відмовилися їхати на фронт.")
    'uk'
    >>> detect_language("Twelve riot police officers refused to go to Ukraine.")
    'en'

py3langid (a deterministic naive Bayes model shipped in its wheel, no network) decides among
the languages news about the war comes in. Letters only Ukrainian uses (і, ї, є, ґ) in a
Cyrillic text settle Russian against Ukrainian, since the model can confuse the two on short
texts; a text with almost no letters is taken as English, the default path.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# The languages the identifier may answer; a small set keeps it fast and stable.
LANGUAGES = ("en", "ru", "uk", "be", "bg", "de", "fr", "es", "it", "pl", "kk", "ka", "hy", "tr")
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_CYRILLIC = re.compile(r"[а-яёА-ЯЁіїєґІЇЄҐ]")
_LETTER = re.compile(r"[^\W\d_]")


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    return ident


def detect_language(text: str) -> str:
    """The ISO 639-1 code of `text`'s language ("en" when it cannot tell)."""
    letters = _LETTER.findall(text[:5000])
    if len(letters) < 20:
        return "en"
    cyrillic = sum(1 for ch in letters if _CYRILLIC.match(ch)) / len(letters)
    if cyrillic > 0.5:
        uk_share = len(_UK_ONLY.findall(text[:5000])) / len(letters)
        # Russian pages quote the odd Ukrainian word ("Підписатися"); a Ukrainian text is
        # full of і/ї/є.
        if uk_share > 0.01:
            return "uk"
        lang, _ = _identifier().classify(text[:5000])
        return "ru" if lang == "uk" else str(lang)
    lang, _ = _identifier().classify(text[:5000])
    return str(lang)


# English names for notices ("document in Ukrainian (uk) was not read").
NAMES = {"en": "English", "ru": "Russian", "uk": "Ukrainian", "be": "Belarusian",
         "bg": "Bulgarian", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
         "pl": "Polish", "kk": "Kazakh", "ka": "Georgian", "hy": "Armenian", "tr": "Turkish"}
READ = ("en", "ru")  # the languages otkaz extracts from


def not_read_notice(lang: str) -> str:
    """The notice for a document in a language otkaz does not read.

        >>> not_read_notice("uk")
        'document in Ukrainian (uk) was not read'
    """
    return f"document in {NAMES.get(lang, lang)} ({lang}) was not read"
