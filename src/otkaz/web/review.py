"""Reviewers' actions on cases: confirm, reject, correct a field, merge, split.

    >>> set_status(store.engine, case_id=3, version=4, user="anna", status="confirmed")
    ...                                                   # doctest: +SKIP

Each action is one write transaction that (1) bumps the case's `version` only if
it still has the version the reviewer saw, else raises StaleCaseError (HTTP 409)
naming who changed it and when; (2) records the decision where a re-run of
extraction and linking finds it again: `case_overrides` (per case and field)
and `mention_overrides` (per mention_key: which case key it belongs to); (3)
appends a row to `review_log` with who, when, what, before and after.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from otkaz.link import MentionRef, case_key
from otkaz.models import FORCES, INCIDENT_TYPES, OUTCOMES, PERSONNEL, Incident
from otkaz.store.engine import WRITE_OPTION
from otkaz.store.schema import case_overrides, cases, mention_overrides, mentions, review_log
from otkaz.web import merging
from otkaz.web.views import EDITABLE, field_value, iso, mention_values


class ReviewError(ValueError):
    """A review action that cannot be done as asked (HTTP `status`, message for the reviewer)."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message, self.status = message, status


class StaleCaseError(ReviewError):
    """The case changed since the reviewer opened it (optimistic locking)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, 409)


def _now() -> datetime:
    return datetime.now(UTC)


@contextmanager
def _write(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            yield conn


def _case(conn: Connection, case_id: int) -> Any:
    row = conn.execute(select(cases).where(cases.c.id == case_id)).first()
    if row is None:
        raise ReviewError(f"There is no case {case_id}.", 404)
    return row


def _stale_message(conn: Connection, row: Any) -> str:
    last = conn.execute(select(review_log.c.user, review_log.c.at)
                        .where(review_log.c.case_id == row.id)
                        .order_by(review_log.c.id.desc()).limit(1)).first()
    who, when = (last.user, last.at) if last else ("the linker", row.updated_at)
    stamp = when.strftime("%Y-%m-%d %H:%M UTC") if isinstance(when, datetime) else str(when)
    return (f"This case was changed by {who} at {stamp} since you opened it "
            f"(now version {row.version}); reload the page and try again.")


def _bump(conn: Connection, case_id: int, version: int, **values: Any) -> Any:
    """Update the case if it still has `version`; the new row. StaleCaseError otherwise."""
    result = conn.execute(update(cases).where(cases.c.id == case_id, cases.c.version == version)
                          .values(version=cases.c.version + 1, updated_at=_now(), **values))
    row = _case(conn, case_id)
    if result.rowcount != 1:
        raise StaleCaseError(_stale_message(conn, row))
    return row


def _log(conn: Connection, user: str, action: str, case_id: int, *, field: str | None = None,
         before: Any = None, after: Any = None, mention: Any = None, note: str | None = None
         ) -> None:
    conn.execute(insert(review_log).values(
        at=_now(), user=user, action=action, case_id=case_id, field=field,
        before=_jsonable(before), after=_jsonable(after),
        mention_id=mention.id if mention is not None else None,
        mention_key=mention.mention_key if mention is not None else None, note=note))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return iso(value)


def set_status(engine: Engine, case_id: int, version: int, user: str, status: str,
               note: str | None = None) -> int:
    """Confirm or reject a case (status "confirmed", "rejected", or back to "machine")."""
    if status not in ("confirmed", "rejected", "machine"):
        raise ReviewError(f"unknown status {status!r}")
    with _write(engine) as conn:
        before = _case(conn, case_id).status
        if before == "merged":
            raise ReviewError("This case was merged into another; review that one instead.")
        row = _bump(conn, case_id, version, status=status)
        _log(conn, user, {"confirmed": "confirm", "rejected": "reject"}.get(status, "reopen"),
             case_id, field="status", before=before, after=status, note=note)
        return int(row.version)


# --- field corrections ---------------------------------------------------------------

_COUNT = re.compile(r"^\s*(\d+)?\s*(?:(\+|-|–|\.\.)\s*(\d+)?)?\s*$")


def parse_value(field: str, raw: str) -> Any:
    """A reviewer's typed value for `field`, as a report holds it; ReviewError if unreadable.

        >>> parse_value("count", "12-20")
        {'low': 12, 'high': 20}
    """
    raw = raw.strip()
    if raw == "":
        return [] if field in ("personnel", "outcomes", "sources") else None
    if field in ("type", "force"):
        allowed: tuple[str, ...] = INCIDENT_TYPES if field == "type" else FORCES
        if raw not in allowed:
            raise ReviewError(f"{field} must be one of {', '.join(allowed)}")
        return raw
    if field == "count":
        m = _COUNT.match(raw)
        if not m or not (m.group(1) or m.group(3)):
            raise ReviewError("count: write N, N-M, N+ (N or more) or -M (up to M)")
        low = int(m.group(1)) if m.group(1) else None
        high = int(m.group(3)) if m.group(3) else (None if m.group(2) else low)
        if low is not None and high is not None and low > high:
            raise ReviewError("count: the low end is above the high end")
        return {"low": low, "high": high}
    if field == "when":
        return _parse_when(raw)
    if field in ("personnel", "outcomes"):
        items = [p.strip() for p in raw.split(",") if p.strip()]
        allowed = PERSONNEL if field == "personnel" else OUTCOMES
        bad = [i for i in items if i not in allowed]
        if bad:
            raise ReviewError(f"{field}: unknown {', '.join(bad)} (known: {', '.join(allowed)})")
        return items
    if field == "sources":
        return [p.strip() for p in raw.split(",") if p.strip()]
    return raw[:500]


def _parse_when(raw: str) -> dict[str, str]:
    parts = [p.strip() for p in re.split(r"\s*(?:\.\.|/| to )\s*", raw) if p.strip()]
    try:
        if len(parts) == 2:
            start, end = date.fromisoformat(parts[0]), date.fromisoformat(parts[1])
        elif len(parts) == 1 and re.fullmatch(r"\d{4}-\d{2}", parts[0]):
            year, month = int(parts[0][:4]), int(parts[0][5:])
            start, end = date(year, month, 1), date(year, month, monthrange(year, month)[1])
        elif len(parts) == 1 and re.fullmatch(r"\d{4}", parts[0]):
            start, end = date(int(parts[0]), 1, 1), date(int(parts[0]), 12, 31)
        elif len(parts) == 1:
            start = end = date.fromisoformat(parts[0])
        else:
            raise ValueError(raw)
    except ValueError as e:
        raise ReviewError("when: write YYYY-MM-DD, YYYY-MM, YYYY or START..END") from e
    if start > end:
        raise ReviewError("when: the start is after the end")
    return {"start": start.isoformat(), "end": end.isoformat()}


def _mention(conn: Connection, mention_id: int, case_id: int | None = None) -> Any:
    row = conn.execute(select(mentions).where(mentions.c.id == mention_id)).first()
    if row is None or (case_id is not None and row.case_id != case_id):
        raise ReviewError(f"Mention {mention_id} is not part of this case.", 404)
    return row


def edit_field(engine: Engine, case_id: int, version: int, user: str, field: str, *,
               value: str | None = None, mention_id: int | None = None) -> int:
    """Set `field` of the case to what mention `mention_id` says, or to the typed `value`.

    The chosen mention's span for that field becomes the value's grounding. The
    override survives re-linking: otkaz.link.relink applies `case_overrides` last.
    """
    if field not in EDITABLE:
        raise ReviewError(f"{field!r} is not a field a reviewer can set")
    with _write(engine) as conn:
        chosen, span = None, None
        if mention_id is not None:
            chosen = _mention(conn, mention_id, case_id)
            new = mention_values(chosen)[field]
            span = (chosen.spans or {}).get(field)
        elif value is not None:
            new = parse_value(field, value)
        else:
            raise ReviewError("Choose one of the values seen, or type a new one.")
        current = _case(conn, case_id)
        before = field_value(current.merged, field)
        conn.execute(delete(case_overrides).where(case_overrides.c.case_id == case_id,
                                                  case_overrides.c.field == field))
        conn.execute(insert(case_overrides).values(case_id=case_id, field=field, value=new,
                                                   span=span, user=user, at=_now()))
        _bump(conn, case_id, version, **merging.rebuild(conn, case_id))
        _log(conn, user, "edit", case_id, field=field, before=before, after=new, mention=chosen,
             note=None if chosen is None else f"from mention {chosen.id}")
        return int(current.version) + 1


# --- merge and split -------------------------------------------------------------------

def _assign(conn: Connection, mention: Any, case_row: Any, user: str) -> None:
    conn.execute(update(mentions).where(mentions.c.id == mention.id).values(case_id=case_row.id))
    conn.execute(delete(mention_overrides).where(
        mention_overrides.c.mention_key == mention.mention_key,
        mention_overrides.c.field == "case_key"))
    conn.execute(insert(mention_overrides).values(
        mention_key=mention.mention_key, field="case_key", value=case_row.key, user=user,
        at=_now()))


def merge_cases(engine: Engine, case_id: int, version: int, other_id: int, user: str,
                other_version: int | None = None) -> int:
    """Move every mention of case `other_id` into case `case_id`; the other is marked merged."""
    if other_id == case_id:
        raise ReviewError("A case cannot be merged with itself.")
    with _write(engine) as conn:
        other = _case(conn, other_id)
        if other.status == "merged":
            raise ReviewError(f"Case {other_id} was already merged into another case.")
        target = _case(conn, case_id)
        if target.status == "merged":
            raise ReviewError("This case was merged into another; merge into that one instead.")
        moved = conn.execute(select(mentions).where(mentions.c.case_id == other_id)).all()
        for m in moved:
            _assign(conn, m, target, user)
        other_merged = dict(other.merged or {}) | {"merged_into": case_id,
                                                   "merged_into_key": target.key}
        _bump(conn, other_id, other_version if other_version is not None else other.version,
              status="merged", merged=other_merged, n_mentions=0, n_origins=0,
              confidence=None)  # it holds no mentions now, so nothing vouches for it
        row = _bump(conn, case_id, version, **merging.rebuild(conn, case_id))
        ids, keys = [m.id for m in moved], [m.mention_key for m in moved]
        # the mentions' keys and the case's status, so that a split can undo the merge
        _log(conn, user, "merge", case_id, before={"case": other_id, "key": other.key,
                                                   "status": other.status},
             after={"mentions": ids, "keys": keys}, note=f"merged case {other_id} into this case")
        _log(conn, user, "merged_into", other_id, before={"mentions": ids, "keys": keys,
                                                          "status": other.status},
             after={"case": case_id, "key": target.key})
        return int(row.version)


def _merged_from(conn: Connection, case_id: int, mention: Any) -> tuple[Any, str] | None:
    """The case that `mention` came from by a merge into `case_id`, with the status it had
    then; None when the mention did not come by a merge, or that case is gone elsewhere."""
    merges = conn.execute(select(review_log.c.before, review_log.c.after).where(
        review_log.c.case_id == case_id, review_log.c.action == "merge")
        .order_by(review_log.c.id.desc())).all()
    for before, after in merges:
        before, after = before or {}, after or {}
        if mention.id not in (after.get("mentions") or []) and \
                mention.mention_key not in (after.get("keys") or []):
            continue
        source = conn.execute(select(cases).where(cases.c.id == before.get("case"))).first()
        if source is None:
            return None
        into = (source.merged or {}).get("merged_into") if isinstance(source.merged, dict) \
            else None
        if source.status == "merged" and into != case_id:
            return None  # merged on into a third case since: not this merge to undo
        return source, str(before.get("status") or "machine")
    return None


def _new_case_key(conn: Connection, mention: Any) -> str:
    """The key the linker gives a case whose earliest mention is `mention` (link.case_key)."""
    key = case_key(MentionRef(mention.mention_key, "", Incident(mention.type, mention.actor)))
    taken = conn.execute(select(func.count()).where(cases.c.key.like(f"{key}%"))).scalar_one()
    return f"{key}-{taken + 1}" if taken else key


def split_mention(engine: Engine, case_id: int, version: int, mention_id: int, user: str) -> int:
    """Take mention `mention_id` out of case `case_id`; the id of the case it goes to.

    A mention that came into the case by a merge goes back to the case it came
    from, which comes back with the status it had (a split undoes the merge, and
    no merged-away case is left behind); any other goes to a new case, keyed as
    the linker keys a case (link.case_key).
    """
    with _write(engine) as conn:
        mention = _mention(conn, mention_id, case_id)
        remaining = conn.execute(select(func.count()).where(
            mentions.c.case_id == case_id)).scalar_one()
        if remaining < 2:
            raise ReviewError("A case with a single mention cannot be split.")
        origin = _merged_from(conn, case_id, mention)
        if origin is not None:
            source, status = origin
            _assign(conn, mention, source, user)
            conn.execute(update(cases).where(cases.c.id == source.id).values(
                version=cases.c.version + 1, updated_at=_now(),
                status=status if source.status == "merged" else source.status,
                **merging.rebuild(conn, source.id)))  # a fresh record: no `merged_into`
            new_id, key, note = int(source.id), str(source.key), (
                f"mention {mention.id} moved back to case {source.id}, merged into this one "
                "earlier")
        else:
            now, key = _now(), _new_case_key(conn, mention)
            inserted = conn.execute(insert(cases).values(
                key=key, created_at=now, updated_at=now, status="machine", version=1,
                merged={}, n_mentions=0, n_origins=0)).inserted_primary_key
            assert inserted is not None
            new_id = int(inserted[0])
            _assign(conn, mention, _case(conn, new_id), user)
            conn.execute(update(cases).where(cases.c.id == new_id)
                         .values(**merging.rebuild(conn, new_id)))
            note = f"mention {mention.id} moved to a new case"
        _bump(conn, case_id, version, **merging.rebuild(conn, case_id))
        _log(conn, user, "split", case_id, mention=mention, before={"case": case_id},
             after={"case": new_id, "key": key}, note=note)
        _log(conn, user, "split_from", new_id, mention=mention, before={"case": case_id},
             after={"case": new_id, "key": key})
        return new_id
