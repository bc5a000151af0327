"""The routes that change something: sign in and out, and the review actions.

    POST /cases/12/status  status=confirmed&version=3&csrf_token=...
    POST /cases/12/edit    field=count&choice=m:40&version=4   (or choice=new&value=12-20)
    POST /cases/12/merge   other=15&version=5
    POST /cases/12/split   mention_id=41&version=6

A form post answers with a redirect to the case page (303), or the case page
with the reason when refused (409 when someone else changed the case first);
a client that asks for JSON (Accept: application/json) gets JSON either way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from otkaz.web import review
from otkaz.web.auth import check_csrf, require_reviewer, sign_in, sign_out, verify_user
from otkaz.web.common import render, store_of, wants_json
from otkaz.web.pages import render_case
from otkaz.web.views import case_page

router = APIRouter()
Reviewer = Annotated[str, Depends(require_reviewer)]


def _safe_next(target: str | None) -> str:
    """A local path to go back to after signing in (never another site)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/cases"


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    return render(request, "login.html", next=_safe_next(next), error=None)


@router.post("/login", include_in_schema=False, dependencies=[Depends(check_csrf)])
async def login(request: Request, name: Annotated[str, Form()],
                password: Annotated[str, Form()], next: Annotated[str, Form()] = "/cases"
                ) -> Response:
    ok = await run_in_threadpool(verify_user, store_of(request), name, password)
    if not ok:
        return render(request, "login.html", status_code=401, next=_safe_next(next),
                      error="Wrong user name or password.")
    sign_in(request, name.strip())
    request.session["flash"] = f"Signed in as {name.strip()}."
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False, dependencies=[Depends(check_csrf)])
async def logout(request: Request) -> RedirectResponse:
    sign_out(request)
    return RedirectResponse("/cases", status_code=303)


async def _act(request: Request, case_id: int, done: str,
               action: Callable[[], Any], go_to: Callable[[Any], int] | None = None) -> Response:
    """Run a review action; redirect (or JSON) on success, the case page with why on refusal."""
    try:
        result = await run_in_threadpool(action)
    except review.ReviewError as e:
        if wants_json(request):
            return JSONResponse({"detail": e.message}, status_code=e.status)
        data = await run_in_threadpool(case_page, store_of(request).engine, case_id)
        if data is None:
            raise HTTPException(e.status, e.message) from e
        return render_case(request, data, status_code=e.status, error=e.message)
    target = go_to(result) if go_to else case_id
    if wants_json(request):
        return JSONResponse({"ok": True, "case_id": target, "result": result})
    request.session["flash"] = done
    return RedirectResponse(f"/cases/{target}", status_code=303)


@router.post("/cases/{case_id}/status", summary="Confirm, reject or reopen a case")
async def set_status(request: Request, case_id: int, user: Reviewer,
                     status: Annotated[str, Form()], version: Annotated[int, Form()],
                     note: Annotated[str | None, Form()] = None) -> Response:
    engine = store_of(request).engine
    return await _act(request, case_id, f"Case marked {status}.", lambda: review.set_status(
        engine, case_id, version, user, status, note=note or None))


@router.post("/cases/{case_id}/edit", summary="Correct one field of a case")
async def edit(request: Request, case_id: int, user: Reviewer, field: Annotated[str, Form()],
               version: Annotated[int, Form()], choice: Annotated[str, Form()] = "new",
               value: Annotated[str | None, Form()] = None) -> Response:
    engine = store_of(request).engine
    mention_id = None
    if choice.startswith("m:"):
        try:
            mention_id = int(choice[2:])
        except ValueError as e:
            raise HTTPException(422, "choice must be m:MENTION_ID or new") from e
    return await _act(request, case_id, f"{field} corrected.", lambda: review.edit_field(
        engine, case_id, version, user, field, value=value if mention_id is None else None,
        mention_id=mention_id))


@router.post("/cases/{case_id}/merge", summary="Merge another case into this one")
async def merge(request: Request, case_id: int, user: Reviewer, other: Annotated[int, Form()],
                version: Annotated[int, Form()]) -> Response:
    engine = store_of(request).engine
    return await _act(request, case_id, f"Case {other} merged into this case.",
                      lambda: review.merge_cases(engine, case_id, version, other, user))


@router.post("/cases/{case_id}/split", summary="Move one mention out into a new case")
async def split(request: Request, case_id: int, user: Reviewer,
                mention_id: Annotated[int, Form()], version: Annotated[int, Form()]) -> Response:
    engine = store_of(request).engine
    return await _act(request, case_id, "Mention split out into this new case.",
                      lambda: review.split_mention(engine, case_id, version, mention_id, user),
                      go_to=lambda new_id: int(new_id))
