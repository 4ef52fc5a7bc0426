"""Literal prefilters for regex rules: skip a regex when the draft cannot match it.

Most rule regexes start with `\\b` and a case-insensitive alternation, which
stops Python's `re` from using its fast literal/charset scan: scanning a draft
costs a full match attempt at every position, for each of the ~120 patterns.
Almost every pattern, though, needs some literal text to match: `\\bact
(?:now|fast)\\b` cannot match a draft that lacks "act " and one of "now",
"fast". `required_literals` reads that from the parsed pattern once, at load;
per draft, `LiteralIndex.present` finds which of all the rules' literals
occur in the lower-cased draft, and a regex runs only when every one of its
required groups has a literal present.

Sound by construction: a group is derived only from parts of the pattern that
every match must contain (a literal run, a branch whose every alternative
requires something, a repeat of at least one). A few characters outside ASCII
match ASCII letters under IGNORECASE (Turkish dotted/dotless i, long s, the
Kelvin sign); drafts containing one of them bypass the prefilter.
"""
from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Optional

# Non-ASCII characters that `re` matches to an ASCII character under IGNORECASE
# (found by brute force over every code point); a draft holding one is not prefiltered.
CASE_TRAPS_RE = re.compile("[\u0130\u0131\u017f\u212a]")

Group = frozenset  # any one of these lower-cased strings must occur in the draft

_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
_MIN_USEFUL = 3  # a group whose shortest string is shorter than this filters almost nothing


def required_literals(pattern: str, flags: int = 0) -> tuple[Group, ...]:
    """Groups of literals that every match of the pattern contains (all groups; any member of each)."""
    try:
        parsed = _parser.parse(pattern, flags)
    except Exception:  # let re.compile report the error
        return ()
    groups = _sequence(list(parsed))
    useful = [g for g in groups if min(map(len, g)) >= _MIN_USEFUL]
    # Most selective first: longer shortest-member, then fewer members.
    useful.sort(key=lambda g: (-min(map(len, g)), len(g)))
    return tuple(useful[:3])


def _sequence(items: list) -> list[Group]:
    groups: list[Group] = []
    run = ""
    for op, av in items:
        if op is C.LITERAL and av < 128:
            run += chr(av).lower()
            continue
        if op in _ZERO_WIDTH:  # consumes nothing: the literal run goes on across it
            continue
        if run:
            groups.append(Group({run}))
            run = ""
        if op is C.SUBPATTERN:
            groups.extend(_sequence(list(av[-1])))
        elif op is C.ATOMIC_GROUP:
            groups.extend(_sequence(list(av)))
        elif op is C.BRANCH:
            branch = _branch(av[1])
            if branch:
                groups.append(branch)
        elif op in _REPEATS:
            low, _high, body = av
            if low >= 1:
                groups.extend(_sequence(list(body)))
        # anything else (classes, ANY, categories, back-references): no literal known
    if run:
        groups.append(Group({run}))
    return groups


def _branch(alternatives: list) -> Optional[Group]:
    members: set[str] = set()
    for alternative in alternatives:
        groups = _sequence(list(alternative))
        if not groups:
            return None  # this alternative needs no literal, so the branch needs none
        members |= max(groups, key=lambda g: (min(map(len, g)), -len(g)))
    return Group(members)


class LiteralIndex:
    """All the prefilters' literals, indexed by their first three characters.

    `present(lowered)` finds which literals occur in a draft without testing each
    one: a literal can occur only where its first three characters do, so the
    draft's set of 3-character substrings, intersected with the index's keys (in C),
    leaves the few literals worth an `in` test.
    """

    def __init__(self, literals: frozenset):
        by_key: dict[str, list[str]] = {}
        for literal in literals:  # every literal has _MIN_USEFUL (3) or more characters
            by_key.setdefault(literal[:3], []).append(literal)
        self._by_key = {key: tuple(group) for key, group in by_key.items()}
        self._keys = frozenset(self._by_key)

    def __len__(self) -> int:
        return sum(map(len, self._by_key.values()))

    def present(self, lowered: str) -> frozenset:
        trigrams = set(map("".join, zip(lowered, lowered[1:], lowered[2:])))
        by_key = self._by_key
        return frozenset(literal for key in self._keys.intersection(trigrams) for literal in by_key[key]
                         if literal in lowered)


class RegexPrefilter:
    """Which regexes of which rules can match a draft, from the literals present in it.

    Built once at load from `{rule_id: [(compiled, required_literals), ...]}`.
    `candidates(draft, lowered)` returns `{rule_id: [pattern index, ...]}` (in
    pattern order) of the regexes worth running, or None when the draft holds a
    case trap and every regex must run. The work per draft follows the few
    literals present, not the ~120 patterns.
    """

    def __init__(self, regexes: dict[str, list[tuple[re.Pattern, tuple[Group, ...]]]]):
        self._groups: dict[tuple[str, int], int] = {}
        self._by_literal: dict[str, list[tuple[tuple[str, int], int]]] = {}
        self._unfiltered: dict[str, list[int]] = {}
        for rule_id, compiled in regexes.items():
            for index, (_, needs) in enumerate(compiled):
                if not needs:
                    self._unfiltered.setdefault(rule_id, []).append(index)
                    continue
                self._groups[(rule_id, index)] = len(needs)
                for number, group in enumerate(needs):
                    for literal in group:
                        self._by_literal.setdefault(literal, []).append(((rule_id, index), number))
        self._index = LiteralIndex(frozenset(self._by_literal))

    def candidates(self, draft: str, lowered: str) -> Optional[dict[str, list[int]]]:
        if CASE_TRAPS_RE.search(draft):
            return None
        satisfied: dict[tuple[str, int], set[int]] = {}
        for literal in self._index.present(lowered):
            for key, number in self._by_literal[literal]:
                satisfied.setdefault(key, set()).add(number)
        out = {rule_id: list(indexes) for rule_id, indexes in self._unfiltered.items()}
        for (rule_id, index), numbers in satisfied.items():
            if len(numbers) == self._groups[(rule_id, index)]:
                out.setdefault(rule_id, []).append(index)
        for indexes in out.values():
            indexes.sort()
        return out


def may_match(groups: tuple[Group, ...], present: frozenset) -> bool:
    """False only when the draft lacks every literal of some required group."""
    for group in groups:
        if group.isdisjoint(present):
            return False
    return True

