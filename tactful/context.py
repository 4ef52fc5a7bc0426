"""Everything a check may look at for one draft, computed once and shared."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Optional

from tactful.conversation import Conversation
from tactful.request import CheckRequest
from tactful.nlp.text import Masks, find_masks

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Hit:
    """One place a rule fired: a span of the draft (or None for the whole draft) and evidence."""

    start: Optional[int] = None
    end: Optional[int] = None
    evidence: Optional[str] = None


@dataclass
class CheckContext:
    request: CheckRequest
    doc: "Doc"
    probabilities: dict[str, float] = field(default_factory=dict)
    explain: Optional[Callable[[str], list[str]]] = None
    settings: dict[str, Any] = field(default_factory=dict)  # the engine's, shared: read only
    # Per-check memo for facts, metrics and check helpers, so each is computed once per draft.
    cache: dict[str, Any] = field(default_factory=dict)
    # (rule id, what went wrong) for each rule that raised and was skipped (see RuleSet.run).
    failures: list[tuple[str, str]] = field(default_factory=list)
    # An email's draft as given, the parts set aside included (`draft` blanks them; same offsets); None
    # when nothing was set aside. For the few signals that read an email's frame (its footer).
    given_draft: Optional[str] = None

    @property
    def draft(self) -> str:
        return self.request.draft

    @cached_property
    def conversation(self) -> Conversation:
        return Conversation(self.request)

    @cached_property
    def masks(self) -> Masks:
        return find_masks(self.draft, (item.text or "" for item in self.request.history if item.sender == "them"))

    @cached_property
    def lower(self) -> str:
        return self.draft.lower()

    @cached_property
    def sentences(self) -> list:
        return list(self.doc.sents)

    def span_text(self, hit: Hit) -> Optional[str]:
        if hit.start is None or hit.end is None:
            return None
        return self.draft[hit.start:hit.end]
