"""A rule's `when`: signals composed as data, like SpamAssassin's `meta` rules.

```yaml
when:
  all: [them.bad_news]                       # every item holds
  any: [draft.cheer, draft.pitch]            # at least one holds
  none: [draft.condolence, "draft.specific_answer >= 0.8"]   # none holds
  channels: [dm, email]                      # the draft goes out on one of these
  not_channels: [post]
```

An item is a signal name (it holds by its own rule: true, or a probability at
or above its trained threshold), a comparison `"name OP number"` with OP one of
`>= > <= < ==`, or a nested mapping of the same shape. The clause is compiled
at load: an unknown name or a malformed item is a `RulePackError` naming the
file and rule, never a surprise while checking a draft.
"""
from __future__ import annotations

import difflib
import operator
import re
from dataclasses import dataclass
from typing import Any, Callable, Optional

from tactful.context import CheckContext
from tactful.errors import RulePackError
from tactful.signals.registry import Signal, get, registered

_COMPARISON = re.compile(r"^\s*([a-z_]+(?:\.[a-z_]+)+)\s*(>=|<=|==|>|<)\s*(-?\d+(?:\.\d+)?)\s*$")
_NAME = re.compile(r"^[a-z_]+(?:\.[a-z_]+)+$")
_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq,
}
CLAUSES = ("all", "any", "none", "channels", "not_channels")


@dataclass(frozen=True)
class Condition:
    """A compiled `when`; `holds(ctx)` evaluates it lazily, cheapest-first as written."""

    test: Callable[[CheckContext], bool]
    names: frozenset[str]
    source: Any

    def holds(self, ctx: CheckContext) -> bool:
        return self.test(ctx)

    def signals(self, ctx: CheckContext) -> list[Signal]:
        """The signals this condition reads, as computed for this request (for evidence and spans)."""
        return [get(ctx, name) for name in sorted(self.names)]


ALWAYS = Condition(lambda ctx: True, frozenset(), {})


def compile_when(when: Any, where: str) -> Condition:
    if not when:
        return ALWAYS
    names: set[str] = set()
    test = _compile_mapping(when, where, names)
    return Condition(test, frozenset(names), when)


def _compile_mapping(when: Any, where: str, names: set[str]) -> Callable[[CheckContext], bool]:
    if not isinstance(when, dict):
        raise RulePackError(f"{where}: 'when' must be a mapping of {', '.join(CLAUSES)}")
    unknown = set(when) - set(CLAUSES)
    if unknown:
        raise RulePackError(f"{where}: 'when' takes only {', '.join(CLAUSES)} (not {sorted(unknown)[0]!r})")
    parts: list[Callable[[CheckContext], bool]] = []
    for clause in ("channels", "not_channels"):  # cheapest first
        if clause in when:
            channels = frozenset(_as_list(when[clause]))
            if clause == "channels":
                parts.append(lambda ctx, c=channels: ctx.request.channel in c)
            else:
                parts.append(lambda ctx, c=channels: ctx.request.channel not in c)
    for clause in ("all", "any", "none"):
        if clause not in when:
            continue
        items = [_compile_item(item, where, names) for item in _as_list(when[clause])]
        if not items:
            raise RulePackError(f"{where}: 'when.{clause}' is empty")
        if clause == "all":
            parts.append(_every(items))
        elif clause == "any":
            parts.append(_some(items))
        else:
            parts.append(_negated(_some(items)))
    return _every(parts)


# Plain loops, not all()/any() over generators: a `when` is asked ~100 times per draft, and a generator per
# clause was a tenth of a check. Same order, same short-circuit.
def _every(tests: list[Callable[[CheckContext], bool]]) -> Callable[[CheckContext], bool]:
    if len(tests) == 1:
        return tests[0]
    tests = tuple(tests)

    def every(ctx: CheckContext) -> bool:
        for test in tests:
            if not test(ctx):
                return False
        return True

    return every


def _some(tests: list[Callable[[CheckContext], bool]]) -> Callable[[CheckContext], bool]:
    if len(tests) == 1:
        return tests[0]
    tests = tuple(tests)

    def some(ctx: CheckContext) -> bool:
        for test in tests:
            if test(ctx):
                return True
        return False

    return some


def _negated(test: Callable[[CheckContext], bool]) -> Callable[[CheckContext], bool]:
    return lambda ctx: not test(ctx)


def _compile_item(item: Any, where: str, names: set[str]) -> Callable[[CheckContext], bool]:
    if isinstance(item, dict):
        return _compile_mapping(item, where, names)
    if not isinstance(item, str):
        raise RulePackError(f"{where}: a 'when' item is a signal name, a comparison or a mapping, not {item!r}")
    comparison = _COMPARISON.match(item)
    name = comparison.group(1) if comparison else item.strip()
    if not _NAME.match(name):
        raise RulePackError(f"{where}: {item!r} is not a signal name or a comparison like 'them.bad_news >= 0.8'")
    known = registered()
    if name not in known:
        close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
        hint = f"; did you mean {close[0]!r}?" if close else " (`tactful signals --list` shows them all)"
        raise RulePackError(f"{where}: unknown signal {name!r}{hint}")
    names.add(name)
    if not comparison:
        return lambda ctx: get(ctx, name).holds
    if known[name].kind == "bool":
        raise RulePackError(f"{where}: {name} is a yes/no signal; use it without a comparison")
    compare, bound = _OPERATORS[comparison.group(2)], float(comparison.group(3))

    def test(ctx: CheckContext) -> bool:
        value = get(ctx, name).value
        return value is not None and not isinstance(value, bool) and compare(float(value), bound)

    return test


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def first_span(ctx: CheckContext, names: list[str]) -> Optional[tuple[int, int]]:
    """The span of the first named signal that holds and points into the draft."""
    for name in names:
        found = get(ctx, name)
        if found.holds and found.span:
            return found.span
    return None
