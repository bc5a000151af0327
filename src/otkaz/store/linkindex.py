"""The store side of incremental linking: mentions by block, case and id, and link state.

    >>> store.write_blocks({7: [hash_a, hash_b]})           # doctest: +SKIP
    >>> store.block_neighbours([hash_a])                     # doctest: +SKIP
    {7, 12}
    >>> [m.mention.id for m in store.link_mentions_by_ids([7, 12])]  # doctest: +SKIP
    [7, 12]

`link_blocks` holds one row per (block hash, mention): the linker (otkaz.link.
incremental) hashes each blocking key with its role, so "mentions that are members
of block K" and "mentions that probe block K" are two different hashes, and one
indexed lookup answers either. `Store` inherits these methods (`LinkIndex`); each
reads or writes only the rows it names, never every mention.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Select, delete, exists, func, insert, select, update

from otkaz.store.rows import StoredCase, StoredMention, stored_case, stored_mention
from otkaz.store.schema import (
    case_overrides,
    cases,
    documents,
    link_blocks,
    link_components,
    mentions,
    pending_mentions,
    review_log,
    store_state,
)

_IN = 500  # values per IN (...) list: SQLite allows 32766 variables, PostgreSQL 65535
_INSERT = 5000  # rows per executemany batch when (re)building link_blocks


def chunks(items: Sequence[Any], size: int = _IN) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


@dataclass(frozen=True)
class LinkState:
    """What the linker last recorded: which blocking `link_blocks` holds (0: none yet),
    the last review_log id it took into account, and the mentions version."""

    blocks_version: int
    review_id: int
    mentions_version: int


@dataclass(frozen=True)
class LinkMention:
    """A mention with what the linker needs of its document (content hash, date, outlet)."""

    mention: StoredMention
    sha256: str
    published: date | None
    outlet: str | None


@dataclass(frozen=True)
class CaseKey:
    """What linking reads of a case it reaches: its id, key and status (not its record)."""

    id: int
    key: str
    status: str


class LinkIndex:
    """Store methods for incremental linking (mixed into otkaz.store.Store)."""

    if TYPE_CHECKING:
        def _read(self) -> AbstractContextManager[Connection]: ...
        def _write(self, mentions_changed: bool = False
                   ) -> AbstractContextManager[Connection]: ...

    # state

    def link_state(self) -> LinkState:
        """The linker's bookkeeping row (store_state)."""
        with self._read() as conn:
            row = conn.execute(select(store_state.c.link_blocks_version,
                                      store_state.c.linked_review_id,
                                      store_state.c.mentions_version)
                               .where(store_state.c.id == 1)).one()
        return LinkState(int(row[0]), int(row[1]), int(row[2]))

    def last_review_id(self) -> int:
        """The id of the newest review_log entry (0 when there is none)."""
        with self._read() as conn:
            return int(conn.execute(select(func.coalesce(func.max(review_log.c.id), 0)))
                       .scalar_one())

    def reviewed_since(self, review_id: int) -> tuple[set[int], set[str]]:
        """Case ids and mention keys named by review_log entries newer than `review_id`.

        A review action (merge, split, status, correction, rekey, deletion) names
        the cases and mentions it changed; the linker takes them in again.
        """
        with self._read() as conn:
            rows = conn.execute(select(review_log.c.case_id, review_log.c.mention_key,
                                       review_log.c.before, review_log.c.after)
                                .where(review_log.c.id > review_id)).all()
        case_ids: set[int] = set()
        keys: set[str] = set()
        for case_id, key, before, after in rows:
            if case_id is not None:
                case_ids.add(int(case_id))
            if key:
                keys.add(str(key))
            for value in (before, after):  # merges and splits name the other case there
                if isinstance(value, dict) and isinstance(value.get("case"), int):
                    case_ids.add(int(value["case"]))
        return case_ids, keys

    # mentions

    def pending_mention_ids(self) -> list[int]:
        """Ids of the mentions waiting to be linked (read through ix_mentions_pending)."""
        with self._read() as conn:
            return [int(i) for i in conn.execute(
                select(mentions.c.id).where(pending_mentions())
                .order_by(mentions.c.id)).scalars()]

    def mention_ids_of_cases(self, case_ids: Iterable[int]) -> set[int]:
        """Ids of the mentions now in these cases."""
        return self._ids(mentions.c.case_id, sorted(set(case_ids)))

    def mention_ids_by_keys(self, keys: Iterable[str]) -> set[int]:
        """Ids of the mentions with these mention keys."""
        return self._ids(mentions.c.mention_key, sorted(set(keys)))

    def _ids(self, column: Any, values: Sequence[Any]) -> set[int]:
        found: set[int] = set()
        with self._read() as conn:
            for part in chunks(values):
                found.update(int(i) for i in conn.execute(
                    select(mentions.c.id).where(column.in_(part))).scalars())
        return found

    def link_mentions_by_ids(self, ids: Iterable[int]) -> list[LinkMention]:
        """These mentions (those of current documents; others are left out), by id."""
        query: Select[Any] = (
            select(mentions, documents.c.sha256, documents.c.published, documents.c.outlet)
            .join(documents, documents.c.id == mentions.c.document_id)
            .where(documents.c.superseded_by.is_(None)))
        out: list[LinkMention] = []
        with self._read() as conn:
            for part in chunks(sorted(set(ids))):
                for r in conn.execute(query.where(mentions.c.id.in_(part))):
                    row = r._mapping
                    out.append(LinkMention(stored_mention(row), row["sha256"],
                                           row["published"], row["outlet"]))
        out.sort(key=lambda m: m.mention.id)
        return out

    # blocks

    def block_neighbours(self, blocks: Iterable[int]) -> set[int]:
        """Ids of the mentions that have a row for any of these block hashes."""
        found: set[int] = set()
        with self._read() as conn:
            for part in chunks(sorted(set(blocks))):
                found.update(int(i) for i in conn.execute(
                    select(link_blocks.c.mention_id).where(link_blocks.c.block.in_(part))
                    .distinct()).scalars())
        return found

    def block_members(self, blocks: Iterable[int]) -> dict[int, set[int]]:
        """{mention id: which of these block hashes it has rows for}, for every mention
        that has any: the neighbours of a mention and the blocks they share with it."""
        found: dict[int, set[int]] = {}
        with self._read() as conn:
            for part in chunks(sorted(set(blocks))):
                for block, mention_id in conn.execute(
                        select(link_blocks.c.block, link_blocks.c.mention_id)
                        .where(link_blocks.c.block.in_(part))):
                    found.setdefault(int(mention_id), set()).add(int(block))
        return found

    def mention_blocks(self, mention_id: int) -> set[int]:
        """The block hashes stored for one mention."""
        with self._read() as conn:
            return {int(b) for b in conn.execute(select(link_blocks.c.block).where(
                link_blocks.c.mention_id == mention_id)).scalars()}

    def write_blocks(self, blocks: Mapping[int, Collection[int]]) -> None:
        """Replace the block rows of these mentions ({mention id: block hashes}), in one
        transaction. A mention deleted meanwhile is skipped (its rows would point nowhere)."""
        if not blocks:
            return
        with self._write() as conn:
            ids = sorted(blocks)
            alive: set[int] = set()
            for part in chunks(ids):
                conn.execute(delete(link_blocks).where(link_blocks.c.mention_id.in_(part)))
                alive.update(int(i) for i in conn.execute(
                    select(mentions.c.id).where(mentions.c.id.in_(part))).scalars())
            rows = [{"block": b, "mention_id": m} for m in ids if m in alive
                    for b in sorted(set(blocks[m]))]
            for part in chunks(rows, _INSERT):
                conn.execute(insert(link_blocks), list(part))

    def rebuild_blocks(self, blocks: Iterable[tuple[int, Collection[int]]],
                       version: int) -> int:
        """Replace every block row by `blocks` ((mention id, hashes) pairs) and record
        `version` as the blocking they hold, in one transaction; the rows written."""
        written = 0
        with self._write() as conn:
            conn.execute(delete(link_blocks))
            alive = set(conn.execute(select(mentions.c.id)).scalars())
            batch: list[dict[str, int]] = []
            for mention_id, hashes in blocks:
                if mention_id not in alive:
                    continue
                batch.extend({"block": b, "mention_id": mention_id} for b in sorted(set(hashes)))
                if len(batch) >= _INSERT:
                    conn.execute(insert(link_blocks), batch)
                    written += len(batch)
                    batch = []
            if batch:
                conn.execute(insert(link_blocks), batch)
                written += len(batch)
            conn.execute(update(store_state).where(store_state.c.id == 1)
                         .values(link_blocks_version=version))
        return written

    # components

    def mention_components(self, ids: Iterable[int]) -> dict[int, int]:
        """{mention id: component label} of these mentions (those that have one)."""
        found: dict[int, int] = {}
        with self._read() as conn:
            for part in chunks(sorted(set(ids))):
                found.update((int(m), int(c)) for m, c in conn.execute(
                    select(link_components.c.mention_id, link_components.c.component)
                    .where(link_components.c.mention_id.in_(part))))
        return found

    def mention_ids_of_components(self, labels: Iterable[int]) -> set[int]:
        """Ids of the mentions labelled with any of these components."""
        found: set[int] = set()
        with self._read() as conn:
            for part in chunks(sorted(set(labels))):
                found.update(int(i) for i in conn.execute(
                    select(link_components.c.mention_id)
                    .where(link_components.c.component.in_(part))).scalars())
        return found

    def write_components(self, labels: Mapping[int, int], *, whole: bool = False) -> None:
        """Set the component labels of these mentions ({mention id: label}), in one
        transaction; `whole` replaces every row first (a full relink). A mention deleted
        meanwhile is skipped."""
        with self._write() as conn:
            ids = sorted(labels)
            alive: set[int] = set()
            if whole:
                conn.execute(delete(link_components))
                alive.update(conn.execute(select(mentions.c.id)).scalars())
            for part in chunks(ids) if not whole else ():
                conn.execute(delete(link_components)
                             .where(link_components.c.mention_id.in_(part)))
                alive.update(int(i) for i in conn.execute(
                    select(mentions.c.id).where(mentions.c.id.in_(part))).scalars())
            rows = [{"mention_id": m, "component": labels[m]} for m in ids if m in alive]
            for batch in chunks(rows, _INSERT):
                conn.execute(insert(link_components), list(batch))

    # cases

    def case_keys(self, ids: Iterable[int]) -> dict[int, CaseKey]:
        """These cases' ids, keys and statuses (of those that exist), by id."""
        found: dict[int, CaseKey] = {}
        with self._read() as conn:
            for part in chunks(sorted(set(ids))):
                found.update((int(i), CaseKey(int(i), str(k), str(s))) for i, k, s in conn.execute(
                    select(cases.c.id, cases.c.key, cases.c.status).where(cases.c.id.in_(part))))
        return found

    def cases_by_keys(self, keys: Iterable[str]) -> dict[str, StoredCase]:
        """These cases by key (those that exist)."""
        return {c.key: c for c in self._cases(cases.c.key, sorted(set(keys)))}

    def _cases(self, column: Any, values: Sequence[Any]) -> list[StoredCase]:
        found: list[StoredCase] = []
        with self._read() as conn:
            for part in chunks(values):
                found.extend(stored_case(r._mapping) for r in conn.execute(
                    select(cases).where(column.in_(part))))
        return found

    def delete_empty_cases(self, ids: Iterable[int]) -> int:
        """Of these cases, delete the machine ones no mention points to and no reviewer
        touched (Store.delete_cases_without_mentions, for a few ids); how many."""
        deleted = 0
        with self._write() as conn:
            for part in chunks(sorted(set(ids))):
                deleted += conn.execute(delete(cases).where(
                    cases.c.id.in_(part), cases.c.status == "machine",
                    ~exists().where(mentions.c.case_id == cases.c.id),
                    ~exists().where(case_overrides.c.case_id == cases.c.id))).rowcount
        return deleted
