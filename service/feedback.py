"""Feedback over HTTP, and the per-team parts of a worker: its database, its learned models, its rule hits.

    POST /v1/feedback          one report or a list (docs/feedback.md has the shape); 201 with their ids
    GET  /v1/feedback          the team's reports, newest first, with filters and paging
    GET  /v1/feedback/stats    per-rule hits, reports and false positives, with suggested tactful.toml entries
    POST /v1/admin/reload      load every team's active model again (needs an API key)

The team is the API key's (TACTFUL_TEAM_KEYS); a team sees its own reports
only. The database is opened, and its schema checked, at worker start: a
worker on an old schema refuses to start and names `tactful db upgrade`.

Models change between requests, never during one: a reload builds the new
engines aside and swaps the team -> engine map whole. The worker that gets
`POST /v1/admin/reload` reloads at once and touches `<models root>/RELOAD`;
every other worker sees the stamp change within `flush_seconds` and reloads
too. Rule hits are counted in memory and written every `flush_seconds`.
"""
from __future__ import annotations

import asyncio
import logging
import threading
from datetime import date, datetime, timezone
from typing import Any, Awaitable, Callable, Optional

from fastapi import FastAPI, Request
from starlette.concurrency import run_in_threadpool
from sqlalchemy.exc import SQLAlchemyError
from starlette.responses import Response

from tactful import CATEGORIES
from tactful.api import Checker
from tactful.engine import Engine
from tactful.errors import InputError, TactfulError
from tactful.feedback import db, versions
from tactful.feedback.reports import VERDICTS, complete, parse_report
from tactful.feedback.store import MAX_PAGE, FeedbackStore
from tactful.service.auth import ApiKeys
from tactful.service.errors import HTTPProblem, error_response
from tactful.service.jsonio import dumps
from tactful.service.middleware import note_of
from tactful.service.runtime import Runtime
from tactful.service.settings import Settings

JSON = "application/json"
log = logging.getLogger("tactful.service")


REPORT_EXAMPLE = {
    "request": {"draft": "Thanks for the intro! Here's the deck: https://example.com/deck. Free Thursday?",
                "history": [{"from": "them", "kind": "message", "text": "Can you send me the deck?"}]},
    "verdict": "false_positive", "rule": "boilerplate.self-promo-link",
    "note": "they asked for the deck", "reporter": "sam",
}


class TeamState:
    """One worker's feedback store, team models and unwritten rule hits."""

    def __init__(self, settings: Settings, runtime: Runtime):
        self.settings = settings
        self.feedback = settings.feedback_settings
        self.runtime = runtime
        self.store: Optional[FeedbackStore] = None
        self.models: dict[str, str] = {}  # team -> active version
        self._stamp: Optional[int] = None
        self._hits: dict[tuple[str, date, str], int] = {}
        self._hits_lock = threading.Lock()
        self._reload_lock = threading.Lock()

    def open(self) -> None:
        """Open the database (creating an empty one) and check its schema; raises DatabaseError."""
        self.store = FeedbackStore.open(self.feedback)
        log.info("feedback database ready", extra={"database": self.feedback.database_label,
                                                   "schema": db.head_revision()})

    def close(self) -> None:
        if self.store is not None:
            self.flush()
            self.store.close()

    # ---- team models --------------------------------------------------------------------------
    def load_models(self) -> dict[str, str]:
        """Build an engine for every team with an active learned model, then swap them in whole."""
        with self._reload_lock:
            base = self.runtime.engine
            root = self.feedback.models_root
            self._stamp = versions.reload_stamp(root)
            checkers: dict[str, Checker] = {}
            loaded: dict[str, str] = {}
            if base is not None and not self.settings.no_model and base.config.model_enabled:
                from tactful.model.classifier import Classifier

                for team in versions.teams_with_models(root):
                    name = versions.active(root, team)
                    try:
                        classifier = Classifier.load(versions.team_dir(root, team) / name)
                    except TactfulError as exc:
                        log.error("a team model did not load; the team keeps the packaged model",
                                  extra={"team": team, "version": name, "reason": str(exc)})
                        continue
                    checker = Checker.from_engine(Engine(base.all_rules, base.config, classifier))
                    checker.check({"draft": "Thanks for the note, see you Tuesday."})
                    checkers[team], loaded[team] = checker, name
            self.runtime.team_checkers = checkers
            self.models = loaded
            if loaded:
                log.info("team models loaded", extra={"models": loaded})
            return loaded

    def reload_if_changed(self) -> None:
        if versions.reload_stamp(self.feedback.models_root) != self._stamp:
            self.load_models()

    # ---- rule hits ----------------------------------------------------------------------------
    def count(self, team: str, responses: list[dict[str, Any]]) -> None:
        today = datetime.now(timezone.utc).date()
        with self._hits_lock:
            key = (team, today, db.CHECKS_ROW)
            self._hits[key] = self._hits.get(key, 0) + len(responses)
            for response in responses:
                for rule in {warning["rule"] for warning in response["warnings"]}:
                    key = (team, today, rule)
                    self._hits[key] = self._hits.get(key, 0) + 1

    def flush(self) -> None:
        with self._hits_lock:
            pending, self._hits = self._hits, {}
        if not pending or self.store is None:
            return
        try:
            self.store.add_hits(pending)
        except Exception as exc:  # the database is away: keep the counts for the next flush
            with self._hits_lock:
                for key, hits in pending.items():
                    self._hits[key] = self._hits.get(key, 0) + hits
            log.warning("rule hits not written; will retry", extra={"reason": type(exc).__name__})

    async def background(self) -> None:
        """Every flush_seconds: write rule hits, and reload the team models if another worker said so."""
        while True:
            await asyncio.sleep(self.settings.flush_seconds)
            try:
                await run_in_threadpool(self.flush)
                await run_in_threadpool(self.reload_if_changed)
            except Exception:  # pragma: no cover - logged, and the loop goes on
                log.exception("feedback background step failed")


def install_feedback(app: FastAPI, state: TeamState, api_keys: ApiKeys,
                     json_body: Callable[[Request], Awaitable[Any]], doc: Callable[..., dict]) -> None:
    settings = state.settings

    @app.exception_handler(SQLAlchemyError)
    async def on_database_error(request: Request, exc: SQLAlchemyError) -> Response:
        # Logged by class only: the message could quote a statement's values.
        log.error("feedback database error", extra={"error": type(exc).__name__, "path": request.url.path})
        note = note_of(request.scope)
        if note is not None:
            note.error_kind, note.error = "database", "the feedback database did not answer"
        return error_response(503, "the feedback database did not answer; retry later", {"Retry-After": "5"})

    def team_of(request: Request) -> str:
        header = request.headers.get("authorization")
        return api_keys.team_of(header.encode("latin-1") if header else None)

    def store() -> FeedbackStore:
        if state.store is None:
            raise HTTPProblem(503, "the feedback database is not open yet; retry in a moment", "not_ready")
        return state.store

    @app.post("/v1/feedback", tags=["feedback"], summary="Report what tactful got wrong (or right)",
              status_code=201, response_model=None,
              description="One report or a list of them (docs/feedback.md): the checked `request`, a `verdict` "
                          "(`false_positive` naming the `rule`, `missed` naming the `category`, or `confirmed`), "
                          "and optionally the `response` tactful gave (else the draft is checked again), a `note` "
                          "and a `reporter`. Draft text is redacted (emails, phone numbers, links) before it is "
                          "stored, and stored only when the deployment keeps text. All or nothing: one invalid "
                          "report refuses the list, naming its index.",
              responses={201: doc("Stored.", {"ids": [41, 42], "team": "growth", "text_stored": True}, dict),
                         422: doc("A report is invalid.", {"error": "[1].rule: hard_sell.fake-urgency did not "
                                                                    "fire on this draft (it fired: nothing)",
                                                           "index": 1})},
              openapi_extra={"requestBody": {"required": True, "description": "One report, or a list of them.",
                                             "content": {JSON: {"schema": {"type": ["object", "array"]},
                                                                "example": REPORT_EXAMPLE}}}})
    async def post_feedback(request: Request) -> Response:
        team = team_of(request)
        data = await json_body(request)
        single = not isinstance(data, list)
        items = [data] if single else data
        if not items:
            raise HTTPProblem(422, "the body is an empty list; send one report or a list of them",
                              "invalid_request")
        if len(items) > settings.max_batch:
            raise HTTPProblem(413, f"{len(items)} reports; the limit is {settings.max_batch} (TACTFUL_MAX_BATCH)",
                              "batch_too_large", limit=settings.max_batch)
        active = store()

        def work() -> list[int]:
            engine = state.runtime.engine_for(team)
            known = {rule.id for rule in engine.all_rules}
            reports = []
            for index, item in enumerate(items):
                try:
                    reports.append(complete(parse_report(item), lambda r: state.runtime.check(r, team), known))
                except InputError as exc:
                    if single:
                        raise
                    raise HTTPProblem(422, f"[{index}].{exc}" if ": " in str(exc) else f"[{index}]: {exc}",
                                      "invalid_request", index=index) from None
            return active.add(team, reports, source="http")

        ids = await run_in_threadpool(work)
        note = note_of(request.scope)
        if note is not None:
            note.fields = {"team": team, "reports": len(ids)}
        return Response(dumps({"ids": ids, "team": team, "text_stored": state.feedback.store_text}),
                        status_code=201, media_type=JSON)

    @app.get("/v1/feedback", tags=["feedback"], summary="The team's reports", response_model=None,
             description=f"Newest first. Filters: `verdict` ({', '.join(VERDICTS)}), `rule`, `category`, "
                         f"`since` and `until` (dates or ISO times, UTC); paging: `limit` (1-{MAX_PAGE}, "
                         f"default 50) and `offset`. `draft` is null when the deployment does not keep text.",
             responses={200: doc("A page of reports.", {"team": "growth", "total": 1, "limit": 50, "offset": 0,
                                                        "next_offset": None, "items": [{
                                                            "id": 41, "created_at": "2026-12-01T09:30:00Z",
                                                            "verdict": "false_positive",
                                                            "rule": "hard_sell.pushy-cta", "category": None,
                                                            "channel": "dm", "response_verdict": "review",
                                                            "flags": ["hard_sell"], "rules": ["hard_sell.pushy-cta"],
                                                            "draft": "Book a call: https://example.com/redacted",
                                                            "history": [], "note": "they asked for the link",
                                                            "reporter": "sam", "source": "http"}]}, dict)})
    async def list_feedback(request: Request) -> Response:
        team = team_of(request)
        query = request.query_params
        verdict = _choice(query, "verdict", VERDICTS)
        category = _choice(query, "category", CATEGORIES)
        limit = _number(query, "limit", 50, 1, MAX_PAGE)
        offset = _number(query, "offset", 0, 0, None)
        since, until = _when(query, "since"), _when(query, "until")
        items, total = await run_in_threadpool(store().list, team, verdict, query.get("rule") or None, category,
                                               since, until, limit, offset)
        next_offset = offset + len(items) if offset + len(items) < total else None
        return Response(dumps({"team": team, "total": total, "limit": limit, "offset": offset,
                               "next_offset": next_offset, "items": items}), media_type=JSON)

    @app.get("/v1/feedback/stats", tags=["feedback"], summary="Per-rule QA on the team's traffic",
             response_model=None,
             description="Reports by verdict, misses by category, how many reports `tactful learn` could use, "
                         "and per rule: hits on drafts checked through the service (`hits`, `hit_rate`), "
                         "reports where it fired, how often it was called wrong or right; plus suggested "
                         "tactful.toml entries for repeated false positives. `since` limits to recent reports.",
             responses={200: doc("The numbers.", {"team": "growth", "since": None, "reports": 3, "checks": 120,
                                                  "verdicts": {"false_positive": 2, "missed": 1, "confirmed": 0},
                                                  "missed": {"boilerplate": 0, "hard_sell": 1, "out_of_step": 0},
                                                  "learnable": {"positive": 1, "negative": 2},
                                                  "rules": [{"rule": "hard_sell.pushy-cta", "hits": 9,
                                                             "hit_rate": 0.075, "reported": 2, "wrong": 2,
                                                             "confirmed": 0, "wrong_share": 1.0}],
                                                  "suggestions": [{"rule": "hard_sell.pushy-cta",
                                                                   "toml": "[rules]\ndisable = [\"hard_sell.pushy-cta\"]",
                                                                   "reason": "wrong on 2 of 2 reported drafts (100%)"}]}, dict)})
    async def feedback_stats(request: Request) -> Response:
        from tactful.feedback.stats import team_stats

        team = team_of(request)
        since = _when(request.query_params, "since")
        repeats = _number(request.query_params, "min_repeats", 2, 1, 1000)
        await run_in_threadpool(state.flush)  # this worker's hits so far count too
        stats = await run_in_threadpool(team_stats, store(), team, since, repeats)
        return Response(dumps(stats), media_type=JSON)

    @app.post("/v1/admin/reload", tags=["operations"], summary="Load the teams' active models again",
              response_model=None,
              description="After `tactful learn` or `tactful learn --rollback`: every team's active model is "
                          "loaded between requests (never during one); this worker at once, the others within "
                          "a few seconds. Needs an API key (TACTFUL_API_KEYS or TACTFUL_TEAM_KEYS).",
              responses={200: doc("Reloaded.", {"models": {"growth": "v0003"}, "others_within_seconds": 5.0}, dict),
                         403: doc("No API keys are configured.", {"error": "POST /v1/admin/reload needs an API "
                                                                           "key; set TACTFUL_API_KEYS"})})
    async def admin_reload(request: Request) -> Response:
        if not api_keys.enabled:
            raise HTTPProblem(403, "POST /v1/admin/reload needs an API key; set TACTFUL_API_KEYS", "forbidden")
        if state.runtime.engine is None:
            raise HTTPProblem(503, "the engine is still loading; retry in a moment", "not_ready")
        versions.touch_reload(state.feedback.models_root)
        loaded = await run_in_threadpool(state.load_models)
        return Response(dumps({"models": loaded, "others_within_seconds": settings.flush_seconds}),
                        media_type=JSON)


def _choice(query, name: str, allowed) -> Optional[str]:
    value = query.get(name)
    if value is None or value == "":
        return None
    if value not in allowed:
        raise HTTPProblem(422, f"{name}: must be one of {', '.join(allowed)}", "invalid_request")
    return value


def _number(query, name: str, default: int, low: int, high: Optional[int]) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise HTTPProblem(422, f"{name}: must be a whole number", "invalid_request") from None
    if value < low or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise HTTPProblem(422, f"{name}: must be {bounds}, got {value}", "invalid_request")
    return value


def _when(query, name: str) -> Optional[datetime]:
    raw = query.get(name)
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise HTTPProblem(422, f"{name}: expected a date like 2026-01-31 or an ISO 8601 time",
                          "invalid_request") from None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment
