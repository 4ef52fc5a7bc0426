"""Content calendars: a scheduler's CSV export in (`tactful check calendar.csv`), and back out (`--format csv`).

Every row is a request: the draft from the text column, and channel, recipient,
send time and id from theirs when the export has them. Column names come from
`[csv]` in tactful.toml, else from the defaults below, matched without regard
to case, spaces, `_` or `-`. A configured column that is missing, or an export
with no text column at all, is an error naming the columns the file has. A
row that does not validate is reported by its line and the others are still
checked; a file that does not parse as CSV is an error, never a draft.

`--format csv` writes the rows back, in the same order and with the same
columns, plus `tactful_verdict`, `tactful_flags`, `tactful_rules`,
`tactful_suppressed` and `tactful_error`.
"""
from __future__ import annotations

import csv
import io

from tactful.errors import InputError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator, Optional

    from tactful.cli.items import Item

# Role -> header names that common exports use (Buffer, Hootsuite, Later, CRM sequences, spreadsheets).
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "draft", "message", "message text", "content", "body", "post", "post text", "caption",
             "copy", "tweet", "update"),
    "channel": ("channel",),
    "recipient": ("recipient", "recipient name", "to", "name", "contact", "contact name", "full name"),
    "handle": ("handle", "recipient handle", "username", "user name", "screen name"),
    "company": ("company", "recipient company", "organization", "organisation", "account"),
    "send_at": ("send at", "scheduled at", "scheduled time", "scheduled", "schedule", "publish at",
                "publish date", "publish time", "date", "datetime", "time", "send time", "sent at"),
    "id": ("id", "post id", "message id", "uuid", "row id"),
}
ADDED_COLUMNS = ("tactful_verdict", "tactful_flags", "tactful_rules", "tactful_suppressed", "tactful_error")
SNIFF_BYTES = 8192


def _norm(name: str) -> str:
    return " ".join(name.strip().lower().replace("_", " ").replace("-", " ").split())


class Table:
    """One CSV file as read: its header and dialect, for writing it back."""

    def __init__(self, label: str, header: list[str], delimiter: str):
        self.label, self.header, self.delimiter = label, header, delimiter


def sniff_delimiter(text: str, path: str) -> str:
    if path.lower().endswith(".tsv"):
        return "\t"
    first = text[:SNIFF_BYTES].split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def looks_like_csv(text: str, columns: dict[str, str]) -> bool:
    """Standard input that starts with a header naming a text column and at least one other column."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    if not first or len(first) > 1000:
        return False
    delimiter = sniff_delimiter(first, "")
    try:
        header = next(csv.reader([first], delimiter=delimiter, strict=True))
    except (csv.Error, StopIteration):
        return False
    names = {_norm(cell) for cell in header}
    wanted = {_norm(columns["text"])} if "text" in columns else set(DEFAULT_COLUMNS["text"])
    return len(header) >= 2 and bool(names & wanted) and all(len(cell) <= 60 for cell in header)


def resolve_columns(label: str, header: list[str], columns: dict[str, str]) -> dict[str, int]:
    """Role -> column index. A configured column must exist; the text column must exist."""
    index = {}
    for position, name in enumerate(header):
        index.setdefault(_norm(name), position)
    found: dict[str, int] = {}
    listing = ", ".join(repr(name) for name in header) or "none"
    for role, candidates in DEFAULT_COLUMNS.items():
        if role in columns:
            position = index.get(_norm(columns[role]))
            if position is None:
                raise InputError(f"{label}: no column {columns[role]!r} (set as [csv] {role} in tactful.toml); "
                                 f"the columns are {listing}")
            found[role] = position
            continue
        position = next((index[name] for name in candidates if name in index), None)
        if position is not None:
            found[role] = position
    if "text" not in found:
        raise InputError(f"{label}: no column with the draft text (looked for {', '.join(DEFAULT_COLUMNS['text'][:6])}, "
                         f"...); the columns are {listing}; name it with [csv] text = \"...\" in tactful.toml")
    return found


def read_calendar(label: str, text: str, path: str, columns: dict[str, str], channel: Optional[str],
                  validate: bool) -> Iterator[Item]:
    from tactful.cli.items import Item

    delimiter = sniff_delimiter(text, path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise InputError(f"{label}: the CSV file is empty")
        roles = resolve_columns(label, header, columns)
        table = Table(label, header, delimiter)
        default_channel = channel or columns.get("default_channel") or "post"
        rows = []
        line = reader.line_num + 1
        for row in reader:
            rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"{label}:{reader.line_num}: not valid CSV: {exc}") from None
    if not rows:
        raise InputError(f"{label}: the CSV file has a header and no rows")
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        item = Item(label, line, fallback_id=str(line), data=None)
        item.table, item.row = table, row  # type: ignore[attr-defined]
        if len(row) != len(header):
            item.error = f"the row has {len(row)} fields and the header {len(header)}"
            yield item
            continue
        data = _request(row, roles, default_channel)
        item.data = data
        if not data["draft"].strip():
            item.error = f"the {header[roles['text']]!r} column is empty"
        elif validate:
            checked = item.validated()
            item.request, item.error = checked.request, checked.error
        if item.error is not None and data.get("id"):
            item.fallback_id = data["id"]
        yield item


def _request(row: list[str], roles: dict[str, int], default_channel: str) -> dict[str, Any]:
    def cell(role: str) -> str:
        return row[roles[role]].strip() if role in roles else ""

    data: dict[str, Any] = {"draft": row[roles["text"]].strip("\r\n"), "channel": cell("channel").lower() or default_channel}
    recipient = {key: cell(role) for key, role in (("name", "recipient"), ("handle", "handle"), ("company", "company"))
                 if cell(role)}
    if recipient:
        data["recipient"] = recipient
    if cell("send_at"):
        data["send_at"] = cell("send_at")
    if cell("id"):
        data["id"] = cell("id")
    return data


# ---- writing back ------------------------------------------------------------------------------

def render_csv(results: list[tuple[Item, dict]]) -> str:
    """One CSV file's rows written back with the tactful columns; anything else as a plain table."""
    tables = {id(getattr(item, "table", None)) for item, _ in results}
    out = io.StringIO(newline="")
    if len(tables) == 1 and getattr(results[0][0], "table", None) is not None:
        table = results[0][0].table  # type: ignore[attr-defined]
        writer = csv.writer(out, delimiter=table.delimiter, lineterminator="\r\n")
        writer.writerow([*table.header, *ADDED_COLUMNS])
        for item, response in results:
            writer.writerow([*item.row, *_added(response)])  # type: ignore[attr-defined]
        return out.getvalue()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["file", "line", "id", *ADDED_COLUMNS])
    for item, response in results:
        writer.writerow([item.source, item.line or "", response.get("id") or "", *_added(response)])
    return out.getvalue()


def _added(response: dict) -> list[str]:
    if "error" in response:
        return ["", "", "", "", response["error"]]
    rules = " ".join(dict.fromkeys(w["rule"] for w in response["warnings"]))
    suppressed = " ".join(dict.fromkeys(s["rule"] for s in response.get("suppressed", ())))
    return [response["verdict"], " ".join(response["flags"]), rules, suppressed, ""]
