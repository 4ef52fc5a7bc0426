"""Write, read, count and purge a team's feedback reports.

Every query names the team: a team sees and learns from its own reports only.
Draft and history text is stored only when `store_text` is on, and always
redacted first (`redact.py`); the recipient is never stored. Reports older
than the retention period are deleted at open and, in a long-running
service, at most once an hour on write.
"""
from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable, Optional

import sqlalchemy as sa

from tactful.feedback import db
from tactful.feedback.redact import redact
from tactful.feedback.reports import Report
from tactful.feedback.settings import FeedbackSettings

EXPIRE_EVERY_S = 3600
MAX_PAGE = 500


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


class FeedbackStore:
    def __init__(self, settings: FeedbackSettings, engine: sa.Engine):
        self.settings = settings
        self.engine = engine
        self._expired_at = 0.0

    @classmethod
    def open(cls, settings: FeedbackSettings, create: bool = True) -> "FeedbackStore":
        """Connect and check the schema (creating an empty database); raises DatabaseError."""
        engine = db.make_engine(settings.database_url)
        try:
            db.check_schema(engine, create=create)
        except Exception:
            engine.dispose()
            raise
        store = cls(settings, engine)
        store.expire()
        return store

    def close(self) -> None:
        self.engine.dispose()

    # ---- writing ----------------------------------------------------------------------------
    def add(self, team: str, reports: list[Report], source: str) -> list[int]:
        """Store the reports in one transaction; their ids, in order."""
        now = utcnow()
        rows = [self._row(team, report, source, now) for report in reports]
        ids: list[int] = []
        with self.engine.begin() as connection:
            for row in rows:
                ids.append(connection.execute(db.reports.insert().values(**row)).inserted_primary_key[0])
        if time.monotonic() - self._expired_at > EXPIRE_EVERY_S:
            self.expire()
        return ids

    def _row(self, team: str, report: Report, source: str, now: datetime) -> dict[str, Any]:
        keep = self.settings.store_text
        request = report.request
        stored_request = None
        if keep:
            stored_request = {"draft": redact(request.draft), "channel": request.channel}
            if request.send_at is not None:
                stored_request["send_at"] = request.send_at.isoformat()
            stored_request["history"] = [
                {k: v for k, v in (("from", item.sender), ("kind", item.kind), ("text", redact(item.text)),
                                   ("at", item.at.isoformat() if item.at else None)) if v is not None}
                for item in request.history]
        return {
            "team": team, "created_at": now, "verdict": report.verdict, "rule": report.rule,
            "category": report.category, "channel": request.channel, "response_verdict": report.response_verdict,
            "flags": list(report.flags or []), "fired": list(report.fired or []), "request": stored_request,
            "spans": {rule: redact(text) for rule, text in report.spans.items()} if keep and report.spans else None,
            "draft_sha256": report.draft_sha256, "note": redact(report.note), "reporter": report.reporter,
            "source": source,
        }

    def add_hits(self, counts: dict[tuple[str, date, str], int]) -> None:
        """Add rule hit counts ((team, day, rule) -> hits) to the running totals."""
        if not counts:
            return
        dialect = self.engine.dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        with self.engine.begin() as connection:
            for (team, day, rule), hits in sorted(counts.items()):
                statement = insert(db.rule_hits).values(team=team, day=day, rule=rule, hits=hits)
                connection.execute(statement.on_conflict_do_update(
                    index_elements=["team", "day", "rule"], set_={"hits": db.rule_hits.c.hits + hits}))

    # ---- reading ----------------------------------------------------------------------------
    def list(self, team: str, verdict: Optional[str] = None, rule: Optional[str] = None,
             category: Optional[str] = None, since: Optional[datetime] = None, until: Optional[datetime] = None,
             limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """Newest first; (page of reports, total matching)."""
        table = db.reports
        where = [table.c.team == team]
        if verdict:
            where.append(table.c.verdict == verdict)
        if rule:
            where.append(table.c.rule == rule)
        if category:
            where.append(table.c.category == category)
        if since:
            where.append(table.c.created_at >= since)
        if until:
            where.append(table.c.created_at < until)
        with self.engine.connect() as connection:
            total = connection.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one()
            rows = connection.execute(sa.select(table).where(*where).order_by(table.c.id.desc())
                                      .limit(min(limit, MAX_PAGE)).offset(offset)).mappings().all()
        return [public(row) for row in rows], total

    def rows(self, team: str, since: Optional[datetime] = None) -> Iterable[dict[str, Any]]:
        """Every report of the team (for stats and learning), oldest first."""
        table = db.reports
        where = [table.c.team == team]
        if since:
            where.append(table.c.created_at >= since)
        with self.engine.connect() as connection:
            result = connection.execute(sa.select(table).where(*where).order_by(table.c.id))
            for row in result.mappings():
                yield dict(row)

    def count(self, team: Optional[str] = None) -> int:
        query = sa.select(sa.func.count()).select_from(db.reports)
        if team is not None:
            query = query.where(db.reports.c.team == team)
        with self.engine.connect() as connection:
            return connection.execute(query).scalar_one()

    def hits(self, team: str, since: Optional[date] = None) -> dict[str, int]:
        table = db.rule_hits
        query = sa.select(table.c.rule, sa.func.sum(table.c.hits)).where(table.c.team == team)
        if since:
            query = query.where(table.c.day >= since)
        with self.engine.connect() as connection:
            return {rule: int(hits) for rule, hits in connection.execute(query.group_by(table.c.rule))}

    # ---- deleting ---------------------------------------------------------------------------
    def purge(self, before: datetime, team: Optional[str] = None) -> int:
        """Delete reports (and hit counts) older than `before`; of one team, or of all."""
        where = [db.reports.c.created_at < before]
        hit_where = [db.rule_hits.c.day < before.date()]
        if team is not None:
            where.append(db.reports.c.team == team)
            hit_where.append(db.rule_hits.c.team == team)
        with self.engine.begin() as connection:
            deleted = connection.execute(db.reports.delete().where(*where)).rowcount
            connection.execute(db.rule_hits.delete().where(*hit_where))
        return deleted

    def expire(self) -> int:
        self._expired_at = time.monotonic()
        if not self.settings.retention_days:
            return 0
        return self.purge(utcnow() - timedelta(days=self.settings.retention_days))


def public(row: Any) -> dict[str, Any]:
    """A stored report as the API shows it."""
    request = row["request"]
    return {
        "id": row["id"],
        "created_at": as_utc(row["created_at"]).isoformat().replace("+00:00", "Z"),
        "verdict": row["verdict"],
        "rule": row["rule"],
        "category": row["category"],
        "channel": row["channel"],
        "response_verdict": row["response_verdict"],
        "flags": row["flags"],
        "rules": row["fired"],
        "draft": request["draft"] if request else None,
        "history": request.get("history", []) if request else None,
        "note": row["note"],
        "reporter": row["reporter"],
        "source": row["source"],
    }
