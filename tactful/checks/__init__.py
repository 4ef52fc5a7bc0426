"""Named Python checks: the rules that need code, registered by name.

The YAML rule still holds the text, score and examples; it points here with
`kind: named` and `check: <name>`. A check takes the shared `CheckContext`
and the rule's `params` and returns the places it fired (`Hit`s), each with
`evidence` when it relies on the history.

To add one: write a function in the module of its category and decorate it
with `@register("name")`.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

from tactful.context import CheckContext, Hit
from tactful.errors import RulePackError

NamedCheck = Callable[[CheckContext, dict[str, Any]], Iterable[Hit]]
_REGISTRY: dict[str, NamedCheck] = {}
_MODULES = ("tactful.checks.history", "tactful.checks.mood", "tactful.checks.people", "tactful.checks.replies",
            "tactful.checks.plans")
_loaded = False


def register(name: str) -> Callable[[NamedCheck], NamedCheck]:
    def decorate(function: NamedCheck) -> NamedCheck:
        if name in _REGISTRY:
            raise RuntimeError(f"named check {name!r} registered twice")
        _REGISTRY[name] = function
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


def registered() -> list[str]:
    _load_modules()
    return sorted(_REGISTRY)
