"""The web dashboard and JSON API (FastAPI): `create_app()` to embed it, `serve()` to run it.

    >>> from otkaz.web import serve
    >>> serve(host="127.0.0.1", port=8000, db="sqlite:///otkaz.db")   # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app", "serve"]


def create_app(store_url: str | None = None, **kwargs: Any) -> FastAPI:
    """The dashboard app over the store at `store_url`; see otkaz.web.app.create_app."""
    from otkaz.web.app import create_app as _create_app

    return _create_app(store_url, **kwargs)


def serve(host: str = "127.0.0.1", port: int = 8000, db: str | None = None,
          workers: int = 1) -> None:
    """Run the dashboard with uvicorn; see otkaz.web.app.serve."""
    from otkaz.web.app import serve as _serve

    _serve(host=host, port=port, db=db, workers=workers)
