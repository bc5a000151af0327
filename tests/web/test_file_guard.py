"""`otkaz serve` notices its SQLite file deleted or replaced and stops serving it (503, E310).

Before, SQLite went on reading and writing through its open connection: reviews went into
a deleted file (lost), or into the old file that another had replaced.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from otkaz.errors import StoreError
from otkaz.models import Document, Report
from otkaz.store import open_store
from otkaz.store.schema import review_log

pytestmark = pytest.mark.anyio


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@pytest.mark.parametrize("how", ["deleted", "replaced"])
async def test_serve_stops_serving_a_deleted_or_replaced_file(
        sqlite_url: str, tmp_path: Path, web: SimpleNamespace, how: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    with open_store(sqlite_url) as store:
        ids = web.fill(store)
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    other = tmp_path / "other.db"
    open_store(f"sqlite:///{other}").close()

    async with web.app_client(sqlite_url) as client:
        token = await web.sign_in(client)
        assert (await client.get("/cases.json")).status_code == 200
        if how == "deleted":
            _remove(path)
        else:
            os.replace(other, path)
            Path(f"{path}-wal").unlink(missing_ok=True)
            Path(f"{path}-shm").unlink(missing_ok=True)

        listed = await client.get("/cases.json")
        assert listed.status_code == 503
        assert listed.json()["code"] == "E310"
        assert f"was {'deleted' if how == 'deleted' else 'replaced'}" in listed.json()["detail"]
        page = await client.get("/cases")
        assert page.status_code == 503 and "Database unavailable" in page.text
        review = await client.post(f"/cases/{ids['omsk']}/status", data={
            "status": "confirmed", "version": 1, "note": "", "csrf_token": token})
        assert review.status_code == 503
    assert capsys.readouterr().err.count("error: [E310]") == 1  # told once on the console

    if how == "replaced":  # nothing was written into the file that took its place
        with open_store(sqlite_url) as store, store.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(review_log)).scalar_one() == 0


def test_a_store_refuses_to_write_to_its_deleted_file(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store:
        store.add(Document("a", "one"), Report("a"), "v1")
        _remove(Path(sqlite_url.removeprefix("sqlite:///")))
        with pytest.raises(StoreError) as info:
            store.add(Document("b", "two"), Report("b"), "v1")
    assert info.value.code == "E310" and "deleted" in str(info.value)
