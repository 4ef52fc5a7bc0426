"""Refuse rule-pack regexes that can backtrack catastrophically.

Python's `re` has no timeout, so a pattern like `(a+)+$` on a long draft can hang
the send path. Such patterns share one shape: an unbounded repeat nested inside
another unbounded repeat. We walk the parsed pattern and reject that shape at
load time, together with backreferences, which defeat the same guarantee, and
unbounded `.*`, whose pairs make matching polynomial on a long draft.
"""
from __future__ import annotations

try:  # Python 3.11 keeps the parser as re._parser; older versions as sre_parse.
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

_MAXREPEAT = sre_parse.MAXREPEAT
_REPEATS = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT}
_POSSESSIVE = getattr(sre_parse, "POSSESSIVE_REPEAT", None)


def unsafe_reason(pattern: str) -> str | None:
    """Why the pattern is unsafe, or None when it is safe."""
    try:
        parsed = sre_parse.parse(pattern)
    except Exception as exc:  # re.error and friends
        return f"does not compile: {exc}"
    return _walk(parsed, inside_unbounded=False)


def _walk(items, inside_unbounded: bool) -> str | None:
    for op, arg in items:
        if op in _REPEATS:
            low, high, body = arg
            unbounded = high == _MAXREPEAT or high > 100
            if unbounded and inside_unbounded and _can_repeat_text(body):
                return "nested unbounded repetition (catastrophic backtracking)"
            if unbounded and any(sub_op == sre_parse.ANY for sub_op, _ in body):
                return "unbounded '.*' or '.+': use a bounded '.{0,N}' instead"
            reason = _walk(body, inside_unbounded or unbounded)
            if reason:
                return reason
        elif op == sre_parse.GROUPREF:
            return "backreferences are not allowed"
        elif op == sre_parse.SUBPATTERN:
            reason = _walk(arg[-1], inside_unbounded)
            if reason:
                return reason
        elif op == sre_parse.BRANCH:
            for branch in arg[1]:
                reason = _walk(branch, inside_unbounded)
                if reason:
                    return reason
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            reason = _walk(arg[1], inside_unbounded)
            if reason:
                return reason
        elif _POSSESSIVE is not None and op == _POSSESSIVE:
            continue
    return None


def _can_repeat_text(body) -> bool:
    return any(op not in (sre_parse.AT,) for op, _ in body)
