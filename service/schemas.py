"""Response shapes for the OpenAPI docs only.

Handlers return engine dicts serialised once (no second pydantic pass); these
models describe those dicts in /docs. The request shape is tactful's own
`tactful.request.CheckRequest`.
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, Field


class Span(BaseModel):
    start: int = Field(description="Python string index into `draft` where the finding starts.")
    end: int
    text: str


class Warning(BaseModel):
    rule: str = Field(description="Rule id, e.g. `boilerplate.follow-thanks-with-pitch`; see GET /v1/rules/{id}.")
    category: Literal["boilerplate", "hard_sell", "out_of_step"]
    severity: Literal["info", "warning", "error"]
    message: str
    span: Optional[Span] = Field(description="Null when the warning is about the whole draft or the history.")
    suggestion: str
    evidence: Optional[str] = Field(description="What in the history or the batch made the rule fire.")

class Suppressed(BaseModel):
    rule: str
    reason: Optional[str] = Field(description="The marker's reason, if it gave one.")
    source: Literal["marker", "request"]
    span: Optional[Span] = Field(description="Where the suppressed warning pointed, if anywhere.")


class Categories(BaseModel):
    boilerplate: float = Field(ge=0, le=1)
    hard_sell: float = Field(ge=0, le=1)
    out_of_step: float = Field(ge=0, le=1)


class EngineWarning(BaseModel):
    source: str = Field(description="The rule id that was skipped, or `model` for the classifier.")
    kind: Literal["rule_failed", "model_failed", "model_not_loaded"]
    message: str


class PhraseWeight(BaseModel):
    factor: float = Field(gt=0, le=1, description="What each listed rule's points were multiplied by: "
                                                  "full_weight_words / own_words.")
    own_words: int = Field(description="Words of the author's own text (quotes, signature and footers set aside).")
    full_weight_words: int = Field(description="Up to this many words a phrase rule counts in full.")
    rules: list[str] = Field(description="The phrase rules that fired and counted for less.")


class CheckResponse(BaseModel):
    id: Optional[str] = Field(description="The request's `id`, echoed back.")
    verdict: Literal["pass", "review", "block"]
    score: float = Field(description="Sum of the points of every rule that fired.")
    flags: list[Literal["boilerplate", "hard_sell", "out_of_step"]] = Field(
        description="Categories judged present; empty means fine. This is what callers act on.")
    categories: Categories
    warnings: list[Warning]
    suppressed: Optional[list[Suppressed]] = Field(
        default=None, description="Present when the request asked to suppress (an inline "
        "`<!-- tactful: ignore RULE reason -->` marker or `ignore`): each warning that fired and was suppressed. "
        "Scores, flags and verdict are computed without them.")
    notices: Optional[list[str]] = Field(default=None, description="Markers or `ignore` entries that named no "
                                                                  "rule; nothing was suppressed for them.")
    send_text: Optional[str] = Field(default=None, description="Present when markers were stripped: the draft "
                                                               "without them, which is what to send.")
    phrase_weight: Optional[PhraseWeight] = Field(
        default=None, description="Present when phrase rules fired in an email longer than 250 words of the "
        "author's own and counted for less: one phrase among many is weaker evidence than in a short email.")

    engine_warnings: Optional[list[EngineWarning]] = Field(
        default=None, description="Present only when the answer is degraded: a rule raised and was skipped, or "
                                  "the classifier failed or is not loaded. The other rules still ran.")


class RuleSummary(BaseModel):
    id: str
    category: str
    severity: Literal["info", "warning", "error"]
    score: float
    kind: str
    message: str
    enabled: bool = Field(description="False when tactful.toml disables it, or it needs the classifier and "
                                      "the classifier is not loaded.")


class RuleDocs(RuleSummary):
    why: str
    suggestion: str
    examples: dict[str, list] = Field(description="`flag`: drafts it fires on; `pass`: drafts it must not fire on.")


class ErrorBody(BaseModel):
    error: str = Field(description="One line, naming the field or limit at fault.")


class Health(BaseModel):
    status: Literal["ok"]


class Ready(BaseModel):
    status: Literal["ready", "not ready"]
    rules: int = Field(description="Rules active in this worker.")
    model: Literal["loaded", "off", "missing"] = Field(
        description="`off`: rules only by choice (TACTFUL_NO_MODEL or tactful.toml); `missing`: wanted, not loaded.")
    error: Optional[str] = None
