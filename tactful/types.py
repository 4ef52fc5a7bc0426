"""The contract's shapes as TypedDicts, for type checkers and editors (see docs/contract.md).

`tactful.check` and `Checker.check` take a `RequestDict` (or a validated
`tactful.request.CheckRequest`) and return a `ResponseDict`: plain dicts, so a
response serialises with `json.dumps` as is. Importing this module costs
nothing at run time (typing only).
"""

from typing import Literal, Optional, TypedDict

try:  # Python 3.11 has both in typing
    from typing import NotRequired, Required
except ImportError:  # pragma: no cover
    from typing_extensions import NotRequired, Required  # type: ignore[assignment]

Channel = Literal["dm", "reply", "comment", "post", "email", "sms"]
Category = Literal["boilerplate", "hard_sell", "out_of_step"]
Severity = Literal["info", "warning", "error"]
Verdict = Literal["pass", "review", "block"]


class RecipientDict(TypedDict, total=False):
    name: str
    handle: str
    company: str


# `from` is a Python keyword, so this one uses the functional syntax.
HistoryItemDict = TypedDict("HistoryItemDict", {
    "from": Required[Literal["me", "them"]],
    "kind": Literal["message", "post", "mention", "comment", "follow", "connect", "call", "meeting", "meet"],
    "text": str,
    "at": str,
}, total=False)


class RequestDict(TypedDict, total=False):
    """One draft about to be sent. Only `draft` is required; unknown keys are ignored."""

    id: str
    draft: Required[str]
    channel: Channel
    send_at: str
    recipient: RecipientDict
    history: list[HistoryItemDict]
    ignore: list[str]


class SpanDict(TypedDict):
    start: int
    end: int
    text: str


class WarningDict(TypedDict):
    rule: str
    category: Category
    severity: Severity
    message: str
    span: Optional[SpanDict]
    suggestion: str
    evidence: Optional[str]


class SuppressedDict(TypedDict):
    """A warning that fired but was silenced on purpose, and by what."""

    rule: str
    reason: Optional[str]
    source: Literal["marker", "request"]
    span: Optional[SpanDict]


class PhraseWeightDict(TypedDict):
    """Phrase rules that counted for less in a long email: their points times `factor`."""

    factor: float
    own_words: int
    full_weight_words: int
    rules: list[str]


class ResponseDict(TypedDict):
    """The verdict on one draft.

    `suppressed` is there when the request asked to suppress (a marker or `ignore`), `notices`
    when a marker or an ignored id was not understood, `send_text` when markers were stripped,
    `phrase_weight` when phrase rules counted for less in a long email.
    """

    id: Optional[str]
    verdict: Verdict
    score: float
    flags: list[Category]
    categories: dict[str, float]
    warnings: list[WarningDict]
    suppressed: NotRequired[list[SuppressedDict]]
    notices: NotRequired[list[str]]
    send_text: NotRequired[str]
    phrase_weight: NotRequired[PhraseWeightDict]
