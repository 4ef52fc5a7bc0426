"""One request read for `tactful check`, or the error that stopped it from being one (light: no imports)."""
from __future__ import annotations

from tactful.errors import InputError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional

    from tactful.request import CheckRequest


class Item:
    """One request to check, or the error that stopped it from being one.

    `whole_file`: the whole file could not be read as drafts (its error already names the file).
    `data`: the request as read (a dict), before validation; the thin client sends this.
    """

    __slots__ = ("source", "line", "request", "error", "fallback_id", "whole_file", "data", "table", "row")

    def __init__(self, source: str, line: Optional[int], request: Optional["CheckRequest"] = None,
                 error: Optional[str] = None, fallback_id: Optional[str] = None, whole_file: bool = False,
                 data: Optional[dict] = None):
        self.source, self.line, self.request, self.error = source, line, request, error
        self.fallback_id, self.whole_file, self.data = fallback_id, whole_file, data
        # A CSV row: its file's header and dialect (tactful.cli.calendar.Table) and its cells, to write it back.
        self.table: object = None
        self.row: Optional[list] = None

    def __repr__(self) -> str:
        return f"Item({self.where!r}, error={self.error!r})"

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def draft(self) -> Optional[str]:
        if self.request is not None:
            return self.request.draft
        draft = (self.data or {}).get("draft")
        return draft if isinstance(draft, str) else None

    def validated(self) -> "Item":
        """This item with its request validated (an error item if it does not validate)."""
        if self.request is not None or self.error is not None or self.data is None:
            return self
        from tactful.request import parse_request

        try:
            request = parse_request(self.data)
        except InputError as exc:
            return Item(self.source, self.line, error=str(exc), fallback_id=self.fallback_id, data=self.data)
        return Item(self.source, self.line, request, fallback_id=self.fallback_id, data=self.data)
