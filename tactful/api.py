"""The Python API: `from tactful import check, Checker`.

    >>> from tactful import Checker
    >>> checker = Checker(model=False)            # loads rules, tactful.toml and (by default) the classifier once
    >>> checker.check({"draft": "Thanks for following! Grab 50% off today: mysite.example",
    ...                "history": [{"from": "them", "kind": "follow"}]})["flags"]
    ['boilerplate']

`check(request)` does the same with a default `Checker` built on first use
(nearest `tactful.toml`, classifier on). Requests are contract dicts
(`tactful.types.RequestDict`) or validated `tactful.request.CheckRequest`s;
responses are plain dicts (`tactful.types.ResponseDict`) that serialise with
`json.dumps` as they are. A bad request raises `tactful.errors.InputError`
with one line naming the field.

The CLI (`tactful check`) and the HTTP service (`tactful serve`) are thin
adapters over this class; what they answer is what `Checker` answers.
"""
from __future__ import annotations

import dataclasses

import re
import threading
import time
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Optional, Sequence, Union

from tactful import suppress
from tactful.batch import MASS_BLAST_RULE_ID, MassBlast, add_mass_blast_warnings
from tactful.config import Config, load_config
from tactful.engine import Engine
from tactful.errors import DeadlinePassed, InputError
from tactful.request import CheckRequest, parse_request
from tactful.scoring import Fired, counted_points, score, warning_order

if TYPE_CHECKING:
    from tactful.rulepack import Rule
    from tactful.types import RequestDict, ResponseDict

RequestLike = Union["RequestDict", CheckRequest, dict]
DEFAULT_CHUNK = 64

__all__ = ["Checker", "check", "default_checker"]


class Checker:
    """Rules, config and classifier loaded once; then `check` and `check_many` as often as you like.

    Args:
        config: a `tactful.toml` path, a loaded `tactful.config.Config`, or None for the
            nearest `tactful.toml` upward from the working directory (or `$TACTFUL_CONFIG`).
        model: True to use the classifier (an error if it cannot load), False for rules
            only, None (default) as the config says (`[model] enabled`, on by default).
        rules_dir: another folder of rule packs (default: the packs shipped with tactful).
        models_dir: another folder of classifier artifacts.

    A Checker is safe to share between threads: checks run one chunk at a time
    (spaCy's shared vocabulary is not documented as thread-safe). Loading takes about
    a second; a check about a millisecond or two.
    """

    def __init__(self, config: Union[Config, str, Path, None] = None, model: Optional[bool] = None, *,
                 rules_dir: Optional[Path] = None, models_dir: Optional[Path] = None):
        if not isinstance(config, Config):
            config = load_config(Path(config) if config is not None else None)
        self._init(Engine.load(config=config, rules_dir=rules_dir, use_model=model, models_dir=models_dir))

    @classmethod
    def from_engine(cls, engine: Engine) -> "Checker":
        """Wrap an already loaded `tactful.engine.Engine` (tests, tools that build their own)."""
        checker = cls.__new__(cls)
        checker._init(engine)
        return checker

    def _init(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._blast = MassBlast.for_engine(engine)

    # ---- what is loaded --------------------------------------------------------------
    @property
    def config(self) -> Config:
        return self.engine.config

    @property
    def rules(self) -> list["Rule"]:
        """The active rules (after `tactful.toml`'s disables and overrides)."""
        return self.engine.rules

    @property
    def all_rules(self) -> list["Rule"]:
        """Every rule in the packs, including disabled ones, as the packs define them."""
        return self.engine.all_rules

    @property
    def model_loaded(self) -> bool:
        return self.engine.model_loaded

    def rule(self, rule_id: str) -> Optional["Rule"]:
        """The rule with this id (active or not), or None."""
        return self.engine.rule(rule_id)

    # ---- checking --------------------------------------------------------------------
    def check(self, request: RequestLike) -> "ResponseDict":
        """Check one draft (a contract dict or a `CheckRequest`) and return its response dict."""
        return self._run([_parse(request)], mass_blast=False)[0]

    def check_many(self, requests: Iterable[RequestLike], *, mass_blast: bool = True,
                   named_recipients_only: bool = False, chunk_size: int = DEFAULT_CHUNK,
                   progress: Optional[Callable[[int], None]] = None,
                   deadline: Optional[float] = None) -> list["ResponseDict"]:
        """Check a list of drafts; responses come back in the same order.

        Args:
            requests: contract dicts or `CheckRequest`s. One invalid request raises
                `InputError` naming its index (`[3].draft: is required`) before anything is checked.
            mass_blast: across the list, near-identical drafts going to 3 or more recipients each
                get a `boilerplate.mass-blast` warning, as `POST /v1/check/batch` does.
            named_recipients_only: count only drafts whose recipient has a name or handle
                towards a blast (a file of labelled examples repeats drafts on purpose).
            chunk_size: drafts checked per hold of the lock (and per spaCy `pipe`).
            progress: called with the number of drafts done after each chunk.
            deadline: a `time.monotonic()` value; past it, `DeadlinePassed` is raised before the next chunk.
        """
        parsed = [_parse(request, index) for index, request in enumerate(requests)]
        return self._run(parsed, mass_blast=mass_blast, named_recipients_only=named_recipients_only,
                         chunk_size=chunk_size, progress=progress, deadline=deadline)

    def _run(self, given: list[CheckRequest], *, mass_blast: bool, named_recipients_only: bool = False,
             chunk_size: int = DEFAULT_CHUNK, progress: Optional[Callable[[int], None]] = None,
             deadline: Optional[float] = None) -> list["ResponseDict"]:
        # Markers come out of the drafts before anything reads them; what is checked is what is sent.
        stripped = [suppress.strip_markers(request.draft) for request in given]
        parsed = []
        for index, (request, clean) in enumerate(zip(given, stripped)):
            if clean.removed:
                if not clean.text.strip():
                    where = "" if len(given) == 1 else f"[{index}]."
                    raise InputError(f"{where}draft: is empty once its tactful markers are taken out")
                request = request.model_copy(update={"draft": clean.text})
            parsed.append(request)
        responses: list[dict] = []
        for start in range(0, len(parsed), max(1, chunk_size)):
            chunk = parsed[start:start + max(1, chunk_size)]
            if deadline is not None and time.monotonic() > deadline:
                raise DeadlinePassed(f"the deadline passed after {start} of {len(parsed)} drafts")
            with self._lock:
                responses.extend(self.engine.check_many(chunk))
            if progress is not None:
                progress(len(chunk))
        blast = self._blast
        if mass_blast and blast is not None and len(parsed) >= blast.min_recipients:
            if named_recipients_only:
                blast = replace(blast, count_unnamed_recipients=False)
            responses = add_mass_blast_warnings(parsed, responses, self.engine.ruleset.by_id,
                                                self.engine.config.thresholds, blast)
        for index, (request, clean) in enumerate(zip(given, stripped)):
            if clean.ignores or clean.notices or request.ignore:
                responses[index] = self._suppress(responses[index], request, clean)
        return responses  # type: ignore[return-value]

    # ---- suppression -------------------------------------------------------------------
    def _suppress(self, response: dict, request: CheckRequest, clean: "suppress.Stripped") -> dict:
        renamed = self.engine.renamed
        ignores = [dataclasses.replace(ignore, rule=renamed.get(ignore.rule, ignore.rule))
                   for ignore in (*clean.ignores, *suppress.request_ignores(request.ignore))]
        notices = [*clean.notices, *suppress.unknown_notices(ignores, self._known_rule)]
        out = suppress.apply(response, ignores, lambda kept: self._rescore(kept, response))
        out = suppress.map_spans(out, clean, request.draft)
        if notices:
            out["notices"] = notices
        if clean.removed:
            out["send_text"] = clean.text
        return out

    def _known_rule(self, rule_id: str) -> bool:
        return self.engine.rule(rule_id) is not None or rule_id == MASS_BLAST_RULE_ID

    def _rescore(self, warnings: list[dict], response: dict) -> dict:
        """Verdict, score, flags, categories and severities for the warnings that are left (points counted
        as the engine counted them for `response`: a long email's phrase rules weigh less)."""
        by_id = self.engine.ruleset.by_id
        fired = []
        for rule_id in dict.fromkeys(warning["rule"] for warning in warnings):
            rule = by_id.get(rule_id)
            if rule is not None:
                fired.append(Fired(rule.id, rule.category, rule.severity, counted_points(rule.id, rule.score, response)))
            elif rule_id == MASS_BLAST_RULE_ID and self._blast is not None:
                blast = self._blast
                fired.append(Fired(blast.id, blast.category, blast.severity, blast.score))
        verdict = score(fired, self.engine.config.thresholds)
        rescored = [{**w, "severity": verdict.severities.get(w["rule"], w["severity"])} for w in warnings]
        rescored.sort(key=warning_order)
        out = {"verdict": verdict.verdict, "score": verdict.score, "flags": verdict.flags,
               "categories": verdict.categories, "warnings": rescored}
        weight = response.get("phrase_weight")
        if weight:  # only the weighed rules still in the response
            left = [rule_id for rule_id in weight["rules"] if rule_id in {w["rule"] for w in warnings}]
            out["phrase_weight"] = {**weight, "rules": left} if left else None
        return out


def _parse(request: RequestLike, index: Optional[int] = None) -> CheckRequest:
    if isinstance(request, CheckRequest):
        return request
    try:
        return parse_request(request)
    except InputError as exc:
        if index is None:
            raise
        raise InputError(at_index(index, str(exc))) from None


_FIELD_PATH = re.compile(r"^[A-Za-z_]\w*(?:\[\d+\])*(?:\.[A-Za-z_]\w*(?:\[\d+\])*)*: ")


def at_index(index: int, message: str) -> str:
    """'draft: is required' -> '[3].draft: is required'; other messages -> '[3]: ...'."""
    return f"[{index}].{message}" if _FIELD_PATH.match(message) else f"[{index}]: {message}"


@lru_cache(maxsize=1)
def default_checker() -> Checker:
    """The Checker that `tactful.check` uses, built on first use (nearest tactful.toml, classifier on)."""
    return Checker()


def check(request: RequestLike) -> "ResponseDict":
    """Check one draft with the default `Checker`; see `Checker.check`.

    >>> from tactful import check
    >>> check({"draft": "Hi {{first_name}}, quick question!"})["verdict"]
    'block'
    """
    return default_checker().check(request)


def check_many(requests: Sequence[RequestLike], **options) -> list["ResponseDict"]:
    """`Checker.check_many` on the default `Checker`."""
    return default_checker().check_many(requests, **options)
