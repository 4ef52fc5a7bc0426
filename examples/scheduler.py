"""A scheduler's send loop with tactful in front of it: every due message is checked, flagged ones are held.

    python examples/scheduler.py examples/queue.jsonl --once            # one pass over the queue, then stop
    python examples/scheduler.py queue.jsonl --interval 60              # every minute, until Ctrl+C

The queue is a JSONL file of contract requests (`id`, `draft`, `channel`, `recipient`,
`history`, `send_at`). A real scheduler reads its database instead of a file and calls its
network's API in `send`; the tactful part is the same: one `Checker`, loaded once, and
`check_many` on each batch of due messages (which also catches one text going to many people).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from tactful import Checker


def due_messages(queue: Path, now: datetime, done: set[str]) -> list[dict]:
    """The queued messages whose send time has come and that were not handled yet."""
    due = []
    for number, line in enumerate(queue.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        message = json.loads(line)
        message.setdefault("id", str(number))
        send_at = message.get("send_at")
        if message["id"] in done or (send_at and datetime.fromisoformat(send_at.replace("Z", "+00:00")) > now):
            continue
        due.append(message)
    return due


def send(message: dict, text: str) -> None:
    print(f"SENT  {message['id']}: {text[:60]!r}")


def hold(message: dict, response: dict) -> None:
    reasons = "; ".join(f"{w['rule']} ({w['message']})" for w in response["warnings"] if w["severity"] != "info")
    print(f"HELD  {message['id']}: {response['verdict']}, {', '.join(response['flags'])}: {reasons}")


def run_once(checker: Checker, queue: Path, done: set[str]) -> None:
    due = due_messages(queue, datetime.now(timezone.utc), done)
    if not due:
        return
    for message, response in zip(due, checker.check_many(due)):
        done.add(message["id"])
        if response["flags"]:      # what callers act on: empty means fine to send
            hold(message, response)
        else:                      # send_text is the draft without any tactful markers
            send(message, response.get("send_text", message["draft"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queue", type=Path)
    parser.add_argument("--once", action="store_true", help="one pass, then stop")
    parser.add_argument("--interval", type=float, default=60.0, help="seconds between passes")
    parser.add_argument("--no-model", action="store_true", help="rules only")
    args = parser.parse_args()
    checker = Checker(model=False if args.no_model else None)
    done: set[str] = set()
    while True:
        run_once(checker, args.queue, done)
        if args.once:
            return 0
        time.sleep(args.interval)


if __name__ == "__main__":
    sys.exit(main())
