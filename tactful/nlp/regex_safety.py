"""Refuse regexes that can backtrack catastrophically (rule packs, token patterns, model settings).

Python's `re` has no timeout, so a pattern like `(a+)+$` on a long draft can hang
the send path. The shapes that make a backtracking engine slow are all ways for
one piece of text to be matched in many different ways:

- a variable-length repeat inside an unbounded repeat: `(a+)+`, `(?:a{1,100})+`;
- alternatives under an unbounded repeat that can start with the same character:
  `(a|a)+`, `(a|aa)+`, `(?:a|b|ab)*`;
- two unbounded repeats in a row, with only optional text between them, that can
  match the same character: `\\w*\\w*`, `\\d+\\s?\\d+` (polynomial, `\\w*\\w*\\w*\\w*!`
  hangs on 30 characters);
- backreferences, and unbounded `.*` / `.+` (whose pairs are polynomial on a long draft).

The walk is a strict lint: it may refuse a pattern that is in fact safe (rewrite it
with disjoint pieces or a bound like `{0,40}`); `tests/test_regex_safety.py` also runs
every shipped pattern on adversarial input under a time budget. Python has no public
regex parser; the standard library's own (`re._parser`, `sre_parse` before 3.11) is
used, and that test fails loudly if a Python release changes its shape.
"""
from __future__ import annotations

from typing import Callable, Iterable, Optional

try:  # Python 3.11 keeps the parser as re._parser; older versions as sre_parse.
    from re import _parser as sre_parse  # type: ignore[attr-defined]
    from re import _constants as sre_constants  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_MAXREPEAT = sre_parse.MAXREPEAT
_REPEATS = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT}
_POSSESSIVE = getattr(sre_parse, "POSSESSIVE_REPEAT", None)
_ATOMIC = getattr(sre_parse, "ATOMIC_GROUP", None)
# A repeat bounded above by more than this counts as unbounded.
UNBOUNDED_OVER = 100
# Characters a first-character set is probed with: ASCII, a few accented letters, digits of
# other scripts, spaces of other kinds, emoji.
_PROBES = [chr(c) for c in range(0, 128)] + list("éßœÆñ٣߀\u00a0\u2028\u3000😀中ж")

CharTest = Callable[[str], bool]


def unsafe_reason(pattern: str, flags: int = 0) -> Optional[str]:
    """Why the pattern is unsafe, or None when it is safe."""
    try:
        parsed = sre_parse.parse(pattern, flags)
    except Exception as exc:  # re.error and friends
        return f"does not compile: {exc}"
    ignore_case = bool((flags | parsed.state.flags) & sre_constants.SRE_FLAG_IGNORECASE)
    return _Lint(ignore_case).sequence(list(parsed), inside_unbounded=False)


class _Lint:
    def __init__(self, ignore_case: bool):
        self.ignore_case = ignore_case

    # ---- the walk ----------------------------------------------------------------------
    def sequence(self, items: list, inside_unbounded: bool) -> Optional[str]:
        reason = self._adjacent_repeats(items)
        if reason:
            return reason
        for op, arg in items:
            reason = self.item(op, arg, inside_unbounded)
            if reason:
                return reason
        return None

    def item(self, op, arg, inside_unbounded: bool) -> Optional[str]:
        if op in _REPEATS or op == _POSSESSIVE:
            low, high, body = arg
            body = list(body)
            unbounded = high == _MAXREPEAT or high > UNBOUNDED_OVER
            if op != _POSSESSIVE and unbounded:
                if any(sub_op == sre_parse.ANY for sub_op, _ in body):
                    return "unbounded '.*' or '.+': use a bounded '.{0,N}' instead"
                if inside_unbounded and _min_max(body)[1] != 0:
                    return "nested unbounded repetition (catastrophic backtracking)"
            elif op != _POSSESSIVE and inside_unbounded and high > low and _min_max(body)[1] != 0:
                return "a variable-length repeat inside an unbounded repeat (catastrophic backtracking)"
            return self.sequence(body, inside_unbounded or (unbounded and op != _POSSESSIVE))
        if op == sre_parse.GROUPREF or op == sre_parse.GROUPREF_EXISTS:
            return "backreferences are not allowed"
        if op == sre_parse.SUBPATTERN:
            return self.sequence(list(arg[-1]), inside_unbounded)
        if op == _ATOMIC:
            return self.sequence(list(arg), False)
        if op == sre_parse.BRANCH:
            if inside_unbounded:
                reason = self._ambiguous_branches([list(branch) for branch in arg[1]])
                if reason:
                    return reason
            for branch in arg[1]:
                reason = self.sequence(list(branch), inside_unbounded)
                if reason:
                    return reason
            return None
        if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            return self.sequence(list(arg[1]), inside_unbounded)
        return None

    def _ambiguous_branches(self, branches: list[list]) -> Optional[str]:
        """Under an unbounded repeat, alternatives must not be able to start on the same character."""
        if sum(1 for branch in branches if _min_max(branch)[0] == 0) and len(branches) > 1:
            return "an alternative that can match nothing inside an unbounded repeat (catastrophic backtracking)"
        firsts = []
        for branch in branches:
            firsts.append(self.first(branch))
        for i in range(len(firsts)):
            for j in range(i + 1, len(firsts)):
                shared = next((c for c in _PROBES if firsts[i](c) and firsts[j](c)), None)
                if shared is not None:
                    return (f"alternatives inside an unbounded repeat can both start with {shared!r} "
                            "(catastrophic backtracking)")
        return None

    def _adjacent_repeats(self, items: list) -> Optional[str]:
        """Two unbounded repeats in a row (only optional text between) must not share a character."""
        previous: Optional[CharTest] = None
        for op, arg in items:
            if op in _REPEATS and (arg[1] == _MAXREPEAT or arg[1] > UNBOUNDED_OVER):
                chars = self.chars(list(arg[2]))
                if previous is not None:
                    shared = next((c for c in _PROBES if previous(c) and chars(c)), None)
                    if shared is not None:
                        return (f"two unbounded repeats in a row can both match {shared!r} "
                                "(polynomial backtracking): make them disjoint or bound one")
                # `\w+\s*\w+`: an optional repeat between two others leaves them adjacent.
                previous = _union(previous, chars) if previous is not None and arg[0] == 0 else chars
                continue
            if op in (sre_parse.AT, sre_parse.ASSERT, sre_parse.ASSERT_NOT):
                continue  # zero-width: the two repeats are still adjacent
            if _min_max([(op, arg)])[0] == 0 and previous is not None:
                previous = _union(previous, self.chars([(op, arg)]))
                continue
            previous = None
        return None

    # ---- character sets, as predicates ------------------------------------------------------
    def first(self, items: list) -> CharTest:
        """Characters a match of `items` can start with."""
        tests: list[CharTest] = []
        for op, arg in items:
            if op in (sre_parse.AT, sre_parse.ASSERT, sre_parse.ASSERT_NOT):
                continue
            tests.append(self._first_of(op, arg))
            if _min_max([(op, arg)])[0] > 0:
                break
        return _union(*tests) if tests else (lambda c: False)

    def _first_of(self, op, arg) -> CharTest:
        if op in _REPEATS or op == _POSSESSIVE:
            return self.first(list(arg[2]))
        if op == sre_parse.SUBPATTERN:
            return self.first(list(arg[-1]))
        if op == _ATOMIC:
            return self.first(list(arg))
        if op == sre_parse.BRANCH:
            return _union(*(self.first(list(branch)) for branch in arg[1]))
        return self.chars([(op, arg)])

    def chars(self, items: list) -> CharTest:
        """Every character any part of `items` can match."""
        tests: list[CharTest] = []
        for op, arg in items:
            if op == sre_parse.LITERAL:
                tests.append(self._literal(arg))
            elif op == sre_parse.NOT_LITERAL:
                tests.append(lambda c, code=arg: ord(c) != code)
            elif op == sre_parse.ANY:
                tests.append(lambda c: True)
            elif op == sre_parse.IN:
                tests.append(self._in(arg))
            elif op in _REPEATS or op == _POSSESSIVE:
                tests.append(self.chars(list(arg[2])))
            elif op == sre_parse.SUBPATTERN:
                tests.append(self.chars(list(arg[-1])))
            elif op == _ATOMIC:
                tests.append(self.chars(list(arg)))
            elif op == sre_parse.BRANCH:
                tests.extend(self.chars(list(branch)) for branch in arg[1])
        return _union(*tests) if tests else (lambda c: False)

    def _literal(self, code: int) -> CharTest:
        char = chr(code)
        if self.ignore_case:
            folded = char.casefold()
            return lambda c: c.casefold() == folded
        return lambda c: c == char

    def _in(self, members) -> CharTest:
        negate = False
        tests: list[CharTest] = []
        for op, arg in members:
            if op == sre_parse.NEGATE:
                negate = True
            elif op == sre_parse.LITERAL:
                tests.append(self._literal(arg))
            elif op == sre_parse.RANGE:
                low, high = arg
                if self.ignore_case:
                    tests.append(lambda c, lo=low, hi=high: any(lo <= ord(x) <= hi for x in (c, c.lower(), c.upper())))
                else:
                    tests.append(lambda c, lo=low, hi=high: lo <= ord(c) <= hi)
            elif op == sre_parse.CATEGORY:
                tests.append(_category(arg))
        test = _union(*tests) if tests else (lambda c: False)
        return (lambda c: not test(c)) if negate else test


def _category(category) -> CharTest:
    name = str(category).upper()
    if "NOT_DIGIT" in name:
        return lambda c: not c.isdecimal()
    if "DIGIT" in name:
        return lambda c: c.isdecimal()
    if "NOT_SPACE" in name:
        return lambda c: not c.isspace()
    if "SPACE" in name:
        return lambda c: c.isspace()
    if "NOT_WORD" in name:
        return lambda c: not (c.isalnum() or c == "_")
    if "WORD" in name:
        return lambda c: c.isalnum() or c == "_"
    return lambda c: True  # unknown category: assume it overlaps everything (strict)


def _union(*tests: CharTest) -> CharTest:
    return lambda c: any(test(c) for test in tests)


def _min_max(items: Iterable) -> tuple[int, int]:
    """Shortest and longest text a sequence can match (longest capped at a large number)."""
    low = high = 0
    for op, arg in items:
        lo, hi = _item_min_max(op, arg)
        low, high = low + lo, min(high + hi, 1 << 30)
    return low, high


def _item_min_max(op, arg) -> tuple[int, int]:
    if op in (sre_parse.LITERAL, sre_parse.NOT_LITERAL, sre_parse.ANY, sre_parse.IN):
        return 1, 1
    if op in _REPEATS or op == _POSSESSIVE:
        low, high, body = arg
        body_low, body_high = _min_max(body)
        top = 1 << 30 if high == _MAXREPEAT else high * body_high
        return low * body_low, min(top, 1 << 30)
    if op == sre_parse.SUBPATTERN:
        return _min_max(arg[-1])
    if op == _ATOMIC:
        return _min_max(arg)
    if op == sre_parse.BRANCH:
        sizes = [_min_max(branch) for branch in arg[1]]
        return min(s[0] for s in sizes), max(s[1] for s in sizes)
    if op in (sre_parse.GROUPREF, sre_parse.GROUPREF_EXISTS):
        return 0, 1 << 30
    return 0, 0  # AT, ASSERT, ASSERT_NOT: zero width
