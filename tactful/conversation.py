"""The conversation a draft goes into, built once per request from `history`.

Checks ask it questions ("what did they last write?", "how long since the
call?", "how many of our messages went unanswered?") instead of walking the raw
list, and it phrases the `evidence` that every out_of_step warning carries
("they wrote 'please stop' 2 hours earlier").
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import Iterable, Optional

from tactful.request import CheckRequest, HistoryItem

# Off-channel conversations: they count as talking, whoever logged them.
INTERACTIONS = ("call", "meeting", "meet")

EVENT_PHRASES = {
    ("follow", True): "they followed you", ("follow", False): "you followed them",
    ("connect", True): "they connected with you", ("connect", False): "you connected with them",
    ("call", True): "you had a call with them", ("call", False): "you had a call with them",
    ("meeting", True): "you met them", ("meeting", False): "you met them",
    ("meet", True): "you met them", ("meet", False): "you met them",
}


@dataclass(frozen=True)
class Turn:
    """One history item with its position, for evidence and ordering."""

    index: int
    item: HistoryItem

    @property
    def text(self) -> str:
        return self.item.text or ""

    @property
    def inbound(self) -> bool:
        return self.item.sender == "them"

    @property
    def kind(self) -> str:
        return self.item.kind

    @property
    def is_interaction(self) -> bool:
        return self.item.kind in INTERACTIONS


class Conversation:
    def __init__(self, request: CheckRequest):
        self.request = request
        self.turns = [Turn(i, item) for i, item in enumerate(request.history)]
        self.send_at: datetime = request.effective_send_at

    # ---- selections -------------------------------------------------------
    @cached_property
    def messages(self) -> list[Turn]:
        return [t for t in self.turns if t.item.is_message]

    @cached_property
    def inbound_messages(self) -> list[Turn]:
        return [t for t in self.messages if t.inbound]

    @cached_property
    def outbound_messages(self) -> list[Turn]:
        return [t for t in self.messages if not t.inbound]

    @cached_property
    def events(self) -> list[Turn]:
        return [t for t in self.turns if not t.item.is_message]

    @cached_property
    def interactions(self) -> list[Turn]:
        """Calls and meetings, whoever logged them."""
        return [t for t in self.events if t.is_interaction]

    @cached_property
    def told(self) -> list[Turn]:
        """Their messages and the notes of calls and meetings (whoever logged them), in history order: what
        they told you, however it reached you."""
        return sorted(self.inbound_messages + self.interactions, key=lambda turn: turn.index)

    @property
    def last_inbound(self) -> Optional[Turn]:
        return self.inbound_messages[-1] if self.inbound_messages else None

    @property
    def last_turn(self) -> Optional[Turn]:
        return self.turns[-1] if self.turns else None

    def outbound_since_last_inbound(self) -> list[Turn]:
        """Our own messages after their last message: the unanswered streak."""
        last_in = self.last_inbound.index if self.last_inbound else -1
        return [t for t in self.outbound_messages if t.index > last_in]

    @cached_property
    def unanswered(self) -> list[Turn]:
        """Our messages since they last wrote or we last talked (a call or meeting resets the streak)."""
        last_contact = max((t.index for t in self.turns if t.inbound and t.item.is_message or t.is_interaction),
                           default=-1)
        return [t for t in self.outbound_messages if t.index > last_contact]

    @cached_property
    def pending_inbound(self) -> list[Turn]:
        """Their messages since our last message: what the draft is a reply to."""
        last_out = self.outbound_messages[-1].index if self.outbound_messages else -1
        return [t for t in self.inbound_messages if t.index > last_out]

    def recent_inbound(self, within: timedelta | None = None, limit: int = 3) -> list[Turn]:
        turns = self.inbound_messages[-limit:]
        if within is None:
            return turns
        return [t for t in turns if self.within(t, within)]

    # ---- time ---------------------------------------------------------------
    def age(self, turn: Turn) -> Optional[timedelta]:
        """How long before the draft goes out this turn happened, when both times are known."""
        if turn.item.at is None:
            return None
        return self.send_at - turn.item.at

    def within(self, turn: Turn, limit: timedelta | None) -> bool:
        """True when the turn happened at most `limit` before sending (or its time is unknown)."""
        if limit is None:
            return True
        age = self.age(turn)
        return age is None or age <= limit

    def latest(self, turns: Iterable[Turn]) -> Optional[Turn]:
        turns = list(turns)
        return turns[-1] if turns else None

    # ---- evidence -------------------------------------------------------------
    def describe(self, turn: Turn, quote: str | None = None) -> str:
        """Evidence text: who did what, quoting their words, and when."""
        when = self._when(turn)
        item = turn.item
        if item.is_message:
            words = _shorten(quote if quote is not None else turn.text)
            who = "they" if turn.inbound else "you"
            verb = {"message": "wrote", "post": "posted", "mention": "mentioned you:", "comment": "commented"}[item.kind]
            return f"{who} {verb} '{words}' {when}".strip()
        # the part a reading quotes ("asked us not to contact her"), else the note itself
        note = f" ({_shorten(quote if quote is not None else turn.text)})" if turn.text else ""
        return f"{EVENT_PHRASES[(item.kind, turn.inbound)]}{note} {when}".strip()

    def _when(self, turn: Turn) -> str:
        age = self.age(turn)
        if age is None:
            position = len(self.turns) - turn.index
            return "in the last item of the history" if position == 1 else f"{position} items back in the history"
        return humanize_age(age)


def humanize_age(age: timedelta) -> str:
    seconds = age.total_seconds()
    if seconds < 0:
        return "after the send time"
    minutes = int(seconds // 60)
    if minutes < 1:
        return "moments before this would be sent"
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''} before this would be sent"
    hours = int(minutes // 60)
    if hours < 48:
        return f"{hours} hour{'s' if hours != 1 else ''} earlier"
    days = hours // 24
    if days < 60:
        return f"{days} days earlier"
    return f"{days // 30} months earlier"


def _shorten(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
