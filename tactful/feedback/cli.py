"""`tactful feedback`, `tactful db`: report what tactful got wrong, see the numbers, manage the database.

    tactful feedback FILE [...] --wrong RULE_ID | --missed CATEGORY | --confirm [--note T] [--reporter R]
    tactful feedback stats [--since DATE] [--format text|json]
    tactful feedback list [--verdict V] [--rule ID] [--limit N] [--format text|json]
    tactful feedback purge --before DATE [--team T]
    tactful db upgrade | tactful db current

`--team` (default $TACTFUL_TEAM or "default") picks whose reports these are.
Exit status: 0 done, 2 bad input (one line on stderr, nothing stored).
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from typing import Optional, Sequence

from tactful import CATEGORIES
from tactful.errors import InputError, TactfulError
from tactful.feedback.settings import FeedbackSettings, check_team

SUBCOMMANDS = ("stats", "list", "purge")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: {message} (see `{self.prog} --help`)\n")
        sys.exit(2)


def parse_date(text: str, name: str) -> datetime:
    """YYYY-MM-DD (midnight UTC) or an ISO 8601 time."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{name}: expected a date like 2026-01-31, got {text!r}") from None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def feedback_main(argv: Sequence[str]) -> int:
    argv = list(argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            return {"stats": _stats, "list": _list, "purge": _purge}[argv[0]](argv[1:])
        return _report(argv)
    except TactfulError as exc:
        sys.stderr.write(f"tactful feedback: {exc}\n")
        return 2


def _team_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--team", default=None, help="whose reports (default: $TACTFUL_TEAM or 'default')")


def _settings(args) -> FeedbackSettings:
    settings = FeedbackSettings.from_env()
    team = check_team(args.team, "--team") if getattr(args, "team", None) else settings.team
    return FeedbackSettings(settings.database_url, settings.store_text, settings.retention_days,
                            settings.models_root, team)


def _open(settings: FeedbackSettings):
    from tactful.feedback.store import FeedbackStore

    return FeedbackStore.open(settings)


def _report(argv: list[str]) -> int:
    parser = _Parser(prog="tactful feedback",
                     description="Report a draft tactful got wrong (or right). Subcommands: stats, list, purge.")
    parser.add_argument("files", nargs="+", metavar="FILE", help="a draft (text/Markdown), .json or .jsonl of requests")
    verdict = parser.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--wrong", metavar="RULE_ID", help="this warning was wrong (a false positive)")
    verdict.add_argument("--missed", metavar="CATEGORY", choices=CATEGORIES,
                         help="this should have been flagged: " + " | ".join(CATEGORIES))
    verdict.add_argument("--confirm", action="store_true", help="tactful got it right (flagged or passed)")
    parser.add_argument("--history", metavar="FILE", help="JSON list of history items, for plain-text drafts")
    parser.add_argument("--channel", metavar="C")
    parser.add_argument("--note", help="why (stored redacted)")
    parser.add_argument("--reporter", help="who is reporting (a name or handle)")
    parser.add_argument("--config", metavar="FILE", help="tactful.toml used when checking (default: nearest)")
    parser.add_argument("--no-model", action="store_true", help="check with rules only, as `check --no-model`")
    _team_option(parser)
    args = parser.parse_args(argv)
    settings = _settings(args)

    from pathlib import Path

    from tactful.api import Checker
    from tactful.cli.inputs import read_items
    from tactful.config import load_config
    from tactful.feedback import versions
    from tactful.feedback.reports import Report, complete

    items = read_items(args.files, args.history, args.channel)
    for item in items:
        if item.error:
            raise InputError(f"{item.where}: {item.error}")
    config = load_config(Path(args.config) if args.config else None)
    models_dir = None if args.no_model else versions.active_dir(settings.models_root, settings.team)
    checker = Checker(config=config, model=False if args.no_model else None, models_dir=models_dir)
    known = {rule.id for rule in checker.all_rules}
    if args.wrong and args.wrong not in known:
        raise InputError(f"--wrong: no rule with id {args.wrong!r} (see `tactful rules`)")
    verdict_name = "false_positive" if args.wrong else "missed" if args.missed else "confirmed"
    responses = checker.check_many([item.request for item in items])
    reports = []
    for item, response in zip(items, responses):
        report = Report(request=item.request, verdict=verdict_name, rule=args.wrong, category=args.missed,
                        note=args.note, reporter=args.reporter)
        try:
            complete(report, lambda _request, response=response: response, known)
        except InputError as exc:
            raise InputError(f"{item.where}: {str(exc).split(': ', 1)[-1]}") from None
        reports.append(report)
    store = _open(settings)
    try:
        ids = store.add(settings.team, reports, source="cli")
    finally:
        store.close()
    span = f"id {ids[0]}" if len(ids) == 1 else f"ids {ids[0]}-{ids[-1]}"
    text = "text stored, redacted" if settings.store_text else "text not stored"
    print(f"stored {len(ids)} {verdict_name} report{'s' if len(ids) != 1 else ''} ({span}) for team "
          f"{settings.team} in {settings.database_label} ({text})")
    return 0


def _stats(argv: list[str]) -> int:
    parser = _Parser(prog="tactful feedback stats",
                     description="Per rule: hits on checked traffic, reports, how often it was called wrong; "
                                 "with suggested tactful.toml entries.")
    parser.add_argument("--since", metavar="DATE", help="only reports from this date (YYYY-MM-DD)")
    parser.add_argument("--min-repeats", type=int, default=2, metavar="N",
                        help="false positives on one rule before a tactful.toml entry is suggested (default 2)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    _team_option(parser)
    args = parser.parse_args(argv)
    settings = _settings(args)
    since = parse_date(args.since, "--since") if args.since else None
    from tactful.feedback.stats import format_stats, team_stats

    store = _open(settings)
    try:
        stats = team_stats(store, settings.team, since, max(1, args.min_repeats))
    finally:
        store.close()
    print(json.dumps(stats, indent=2) if args.format == "json" else format_stats(stats))
    return 0


def _list(argv: list[str]) -> int:
    parser = _Parser(prog="tactful feedback list", description="The team's reports, newest first.")
    parser.add_argument("--verdict", choices=("false_positive", "missed", "confirmed"))
    parser.add_argument("--rule", metavar="ID")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    _team_option(parser)
    args = parser.parse_args(argv)
    settings = _settings(args)
    store = _open(settings)
    try:
        items, total = store.list(settings.team, verdict=args.verdict, rule=args.rule, limit=max(1, args.limit))
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps({"items": items, "total": total}, indent=2))
        return 0
    print(f"team {settings.team}: {total} reports" + (f", newest {len(items)}:" if items else ""))
    for item in items:
        what = item["rule"] or item["category"] or ",".join(item["flags"]) or "pass"
        draft = (item["draft"] or "(text not stored)").replace("\n", " ")
        print(f"  #{item['id']:<6} {item['created_at'][:19]} {item['verdict']:<14} {what:<40} "
              f"{draft[:60]}")
    return 0


def _purge(argv: list[str]) -> int:
    parser = _Parser(prog="tactful feedback purge", description="Delete reports older than a date.")
    parser.add_argument("--before", required=True, metavar="DATE", help="delete reports made before this date")
    parser.add_argument("--team", default=None, help="only this team's reports (default: every team)")
    args = parser.parse_args(argv)
    before = parse_date(args.before, "--before")
    settings = FeedbackSettings.from_env()
    team = check_team(args.team, "--team") if args.team else None
    store = _open(settings)
    try:
        deleted = store.purge(before, team)
    finally:
        store.close()
    print(f"deleted {deleted} report{'s' if deleted != 1 else ''} made before {before.isoformat()}"
          f"{' of team ' + team if team else ''} from {settings.database_label}")
    return 0


def db_main(argv: Sequence[str]) -> int:
    parser = _Parser(prog="tactful db", description="The feedback database's schema (Alembic migrations).")
    parser.add_argument("action", choices=("upgrade", "current"),
                        help="upgrade: apply every migration; current: show the schema revision")
    args = parser.parse_args(list(argv))
    from tactful.feedback import db

    try:
        settings = FeedbackSettings.from_env()
        engine = db.make_engine(settings.database_url)
        try:
            if args.action == "upgrade":
                before, after = db.upgrade(engine)
                change = f"already at {after}" if before == after else f"{before or 'empty'} -> {after}"
                print(f"{settings.database_label}: feedback schema {change}")
            else:
                current = db.reachable(engine, db.current_revision)
                head = db.head_revision()
                state = "up to date" if current == head else f"run `{db.UPGRADE_COMMAND}`"
                print(f"{settings.database_label}: feedback schema {current or 'none'} (this tactful needs "
                      f"{head}; {state})")
        finally:
            engine.dispose()
    except TactfulError as exc:
        sys.stderr.write(f"tactful db: {exc}\n")
        return 2
    return 0
