"""Named signals: what is true of this draft and this conversation, with evidence.

A signal has a dotted name that says whose it is (`them.bad_news`: their
recent messages; `draft.pitch`: the draft; `history.minutes_since_call`: the
thread's shape; `moment.sensitive_event`: the calendar), a value (a bool, a
probability or a number; None when it does not apply) and evidence a person can
read (which history item, which words, how long ago). Signals are computed
lazily, once per request, and cached on the `CheckContext`, so ten rules that
ask for `them.bad_news` read their messages once.

Rules compose signals in their `when` clause (see `expression.py`). To add a
signal: write a function in the module of its owner (`them.py`, `draft.py`,
`history.py`, `moments.py`) and decorate it with `@signal(...)`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Union

from tactful.context import CheckContext

Value = Union[bool, float, int, None]
KINDS = ("bool", "probability", "number")


@dataclass(frozen=True)
class Signal:
    name: str
    value: Value
    # Probability at or above which the signal holds (probability signals only).
    threshold: Optional[float] = None
    evidence: Optional[str] = None
    span: Optional[tuple[int, int]] = None  # where in the draft, for draft signals

    @property
    def holds(self) -> bool:
        if self.value is None or self.value is False:
            return False
        if self.threshold is not None:
            return float(self.value) >= self.threshold
        return bool(self.value)

    def describe(self) -> str:
        if self.value is None:
            shown = "n/a"
        elif isinstance(self.value, bool):
            shown = "yes" if self.value else "no"
        elif self.threshold is not None:
            shown = f"{float(self.value):.2f} (holds at {self.threshold:.2f})"
        else:
            shown = f"{self.value:g}" if isinstance(self.value, float) else str(self.value)
        return shown


@dataclass(frozen=True)
class SignalSpec:
    name: str
    kind: str
    doc: str
    compute: Callable[[CheckContext], Signal]


SIGNALS: dict[str, SignalSpec] = {}
_MODULES = ("tactful.signals.draft", "tactful.signals.them", "tactful.signals.history", "tactful.signals.moments",
            "tactful.signals.questions", "tactful.signals.already_said", "tactful.signals.their_terms")
_loaded = False


def signal(name: str, kind: str = "bool") -> Callable:
    """Register `function(ctx) -> Signal | value` under `name`; its docstring is the signal's documentation."""
    if kind not in KINDS:
        raise ValueError(f"signal {name}: kind must be one of {KINDS}")

    def decorate(function: Callable) -> Callable:
        if name in SIGNALS:
            raise RuntimeError(f"signal {name!r} registered twice")

        def compute(ctx: CheckContext) -> Signal:
            result = function(ctx)
            return result if isinstance(result, Signal) else Signal(name, result)

        doc = " ".join((function.__doc__ or "").split())
        SIGNALS[name] = SignalSpec(name, kind, doc, compute)
        return function

    return decorate


def registered() -> dict[str, SignalSpec]:
    global _loaded
    if not _loaded:
        import importlib

        for module in _MODULES:
            importlib.import_module(module)
        _loaded = True
    return SIGNALS


def get(ctx: CheckContext, name: str) -> Signal:
    """The named signal for this request, computed once."""
    try:  # the common case, asked ~300 times per draft: already computed
        return ctx.cache["signals"][name]
    except KeyError:
        pass
    cache = ctx.cache.setdefault("signals", {})
    found = cache.get(name)
    if found is None:
        found = registered()[name].compute(ctx)
        cache[name] = found
    return found


def all_signals(ctx: CheckContext) -> list[Signal]:
    """Every registered signal for this request (for `--explain`)."""
    return [get(ctx, name) for name in sorted(registered())]
