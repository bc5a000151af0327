"""otkaz: find, ground and link reports of servicemen refusing to fight or deserting.

    >>> import otkaz
    >>> report = otkaz.extract("12 riot police officers from Omsk refused to go to Ukraine.",
    ...                        published=date(2022, 3, 1))
    >>> report.incidents[0].count
    Range(low=12, high=12)
    >>> store = otkaz.open_store("sqlite:///otkaz.db")

Heavy modules (spaCy, SQLAlchemy) load on first use, so `import otkaz` is cheap.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ExtractError, OtkazError, SourceError, StoreError
from .models import (
    ChainLink,
    DateRange,
    Document,
    Figure,
    Incident,
    Place,
    Range,
    Report,
)

if TYPE_CHECKING:
    from .store import Store

__version__ = "0.1.0"

__all__ = [
    "ChainLink", "DateRange", "Document", "ExtractError", "Figure", "Incident", "OtkazError",
    "Place", "Range", "Report", "SourceError", "StoreError", "display", "extract", "open_store",
    "__version__",
]


def extract(text: str, published: date | None = None, doc_id: str = "doc") -> Report:
    """Extract the incidents and figures of one document; offsets index `text` as given."""
    from .extract import extract as _extract

    return _extract(text, published=published, doc_id=doc_id)


def display(obj: Any, path: str | Path | None = None) -> Path:
    """Write a Report, Incident, Figure or case (otkaz.notebook.case_view) as an HTML page;
    its path. In Jupyter these objects show themselves (`_repr_html_`).

        >>> otkaz.display(otkaz.extract(text), "report.html")   # doctest: +SKIP
        PosixPath('report.html')
    """
    from .notebook import display as _display

    return _display(obj, path)


def open_store(url: str | None = None) -> Store:
    """Open (and migrate) the store at `url`: sqlite:///PATH or postgresql://..."""
    from .store import open_store as _open_store

    return _open_store(url)
