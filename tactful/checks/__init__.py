"""Named Python checks: the rules that need code, registered by name.

The YAML rule still holds the text, score and examples; it points here with
`kind: named` and `check: <name>`. A check takes the shared `CheckContext`
and the rule's `params` and returns the places it fired (`Hit`s), each with
`evidence` when it relies on the history.

To add one: write a function in the module of its category, declare its
parameters as a `CheckParams` model (typed fields with today's values as
defaults; a word list is a `LexiconParam`, compiled once at load) and decorate
the function with `@register("name", params=ThatModel)`. The YAML's `params`
are validated against the model when the rule set is built: an unknown name or
a wrong type is a `RulePackError` naming the file, the rule and the parameter.
"""
from __future__ import annotations

from typing import Annotated, Any, Callable, Iterable

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, ValidationInfo

from tactful.context import CheckContext, Hit
from tactful.errors import RulePackError
from tactful.nlp.lexicons import Lexicon, lexicon


class CheckParams(BaseModel):
    """A named check's parameters: typed, with defaults, filled from the rule's YAML `params` at load."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    def __getitem__(self, key: str) -> Any:  # checks written against the old params dicts read `params["x"]`
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)

    @classmethod
    def load(cls, raw: dict[str, Any], where: str) -> "CheckParams":
        """The rule's params validated and compiled; a problem is a RulePackError naming file, rule and param."""
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            error = exc.errors()[0]
            name = ".".join(str(part) for part in error["loc"]) or "params"
            if error["type"] == "extra_forbidden":
                known = ", ".join(cls.model_fields) or "none"
                raise RulePackError(f"{where}: unknown param {name!r} (known: {known})") from None
            raise RulePackError(f"{where}: param {name!r}: {error['msg']}") from None


def _compiled_lexicon(value: Any, info: ValidationInfo) -> Lexicon:
    if isinstance(value, Lexicon):
        return value
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError("must be a list of regex patterns")
    try:
        return lexicon(tuple(value), info.field_name or "params")
    except RulePackError as exc:  # an unsafe or broken pattern: pydantic reports it against the param
        raise ValueError(str(exc)) from None


# A list of regex patterns in the YAML, compiled once at load into one `Lexicon`.
LexiconParam = Annotated[Lexicon, BeforeValidator(_compiled_lexicon)]

NamedCheck = Callable[[CheckContext, Any], Iterable[Hit]]
_REGISTRY: dict[str, NamedCheck] = {}
_PARAMS: dict[str, type[CheckParams]] = {}
_NEEDS_HISTORY: set[str] = set()
_MODULES = ("tactful.checks.history", "tactful.checks.people", "tactful.checks.replies", "tactful.checks.plans")
_loaded = False


def register(name: str, params: type[CheckParams],
             needs_history: bool = False) -> Callable[[NamedCheck], NamedCheck]:
    """Register a check; `needs_history`: it can only fire on what the history holds, so a draft sent with no
    history skips it (its rule's cheap prefilter)."""
    def decorate(function: NamedCheck) -> NamedCheck:
        if name in _REGISTRY:
            raise RuntimeError(f"named check {name!r} registered twice")
        _REGISTRY[name] = function
        _PARAMS[name] = params
        if needs_history:
            _NEEDS_HISTORY.add(name)
        return function

    return decorate


def _load_modules() -> None:
    global _loaded
    if not _loaded:
        import importlib

        for module in _MODULES:
            importlib.import_module(module)
        _loaded = True


def get_check(name: str, where: str = "") -> NamedCheck:
    _load_modules()
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise RulePackError(f"{where}: unknown named check {name!r} (known: {known})") from None


def params_model(name: str) -> type[CheckParams]:
    """The params model a named check declared (get_check(name) first: an unknown name is a load error)."""
    _load_modules()
    return _PARAMS[name]


def needs_history(name: str) -> bool:
    """The check returns nothing for a request without history (declared at registration)."""
    _load_modules()
    return name in _NEEDS_HISTORY


def registered() -> list[str]:
    _load_modules()
    return sorted(_REGISTRY)
