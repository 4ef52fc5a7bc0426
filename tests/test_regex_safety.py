"""Every regex tactful ships runs on adversarial input within a time budget.

The load-time lint (tactful/nlp/regex_safety.py) refuses the shapes known to backtrack
catastrophically; this test measures instead. Each pattern (the rule packs' regexes with
their flags, the merge-field syntaxes, and every compiled pattern at module level in
tactful's own modules: lexicons, checks, text masks) scans draft-sized runs of the
characters it mentions and of characters that often trip engines (a quadratic pattern
takes seconds on 20,000 characters; a linear one milliseconds).
"""
from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest

import tactful
from tactful.limits import MAX_DRAFT_CHARS
from tactful.nlp.placeholders import PLACEHOLDER_SYNTAXES
from tactful.nlp.regex_safety import sre_parse
from tactful.rulepack import load_packs

# Per input of 20,000 characters: a linear pattern takes milliseconds, a quadratic one seconds.
BUDGET_SECONDS = 0.3
N = MAX_DRAFT_CHARS
PAIRS = [".1", "a.", "a-", "-a", "a@", "a/", "1,", "a_", "A "]
GENERIC = ["a", "A", "1", " ", "\n", "!", ".", "-", "_", "/", "<", "@", "é", "😀", "'", "\"", "%", "{", "["]


def _shipped_patterns() -> list[tuple[str, re.Pattern]]:
    patterns: list[tuple[str, re.Pattern]] = []
    for rule in load_packs():
        if rule.kind == "regex":
            flags = 0 if rule.params.get("case_sensitive") else re.IGNORECASE
            sources = rule.params["patterns"]
            for source in [sources] if isinstance(sources, str) else sources:
                patterns.append((rule.id, re.compile(source, flags)))
    for name, source in PLACEHOLDER_SYNTAXES.items():
        patterns.append((f"placeholder {name}", re.compile(source, re.IGNORECASE)))
    for module_info in pkgutil.walk_packages(tactful.__path__, "tactful."):
        if module_info.name.endswith("__main__") or module_info.name.startswith(
                ("tactful.service", "tactful.feedback", "tactful.model.train", "tactful.model.evaluate")):
            continue
        try:
            module = importlib.import_module(module_info.name)
        except ImportError:
            continue
        for attribute, value in vars(module).items():
            if isinstance(value, re.Pattern):
                patterns.append((f"{module_info.name}.{attribute}", value))
    unique: dict[tuple[str, int], tuple[str, re.Pattern]] = {}
    for name, pattern in patterns:
        unique.setdefault((pattern.pattern, pattern.flags), (name, pattern))
    return list(unique.values())


PATTERNS = _shipped_patterns()


def _inputs(pattern: re.Pattern) -> list[str]:
    source = pattern.pattern if isinstance(pattern.pattern, str) else ""
    mentioned = {c for c in re.sub(r"\\[a-zA-Z]", "", source) if c.isprintable() and c not in "()|?*+{}^$\\"}
    chars = sorted(mentioned | set(GENERIC))
    texts = []
    for char in chars:
        texts.append(char * N)
        texts.append((char + " ") * (N // 2))
    for pair in PAIRS:  # labels and dots, words and dashes: what host names and slugs are made of
        texts.append(pair * (N // len(pair)))
    words = re.findall(r"[A-Za-z]{3,}", source)[:5]
    for word in words:
        texts.append((word + " ") * (N // (len(word) + 1)))
        texts.append(word * (N // len(word)))
    return texts


def test_the_patterns_are_collected():
    assert len(PATTERNS) > 200  # the rule packs alone hold about 200
    assert sre_parse.parse("a+").__class__.__name__ == "SubPattern"  # the parser the lint uses is still there


def _scan_seconds(pattern: re.Pattern, text: str) -> float:
    started = time.perf_counter()
    for _ in pattern.finditer(text):
        pass
    return time.perf_counter() - started


@pytest.mark.parametrize("name,pattern", PATTERNS, ids=[f"{i}-{name}" for i, (name, _) in enumerate(PATTERNS)])
def test_each_shipped_pattern_is_linear_on_adversarial_input(name, pattern):
    if pattern.pattern.__class__ is not str:
        pytest.skip("bytes pattern")
    for text in _inputs(pattern):
        elapsed = _scan_seconds(pattern, text)
        if elapsed <= BUDGET_SECONDS:
            continue
        # Over budget: a busy machine, or super-linear? A quarter of the text takes a quarter of the
        # time when the pattern is linear, a sixteenth when it is quadratic.
        elapsed = min(elapsed, _scan_seconds(pattern, text))
        quarter = max(_scan_seconds(pattern, text[: len(text) // 4]), 1e-6)
        if elapsed > BUDGET_SECONDS and elapsed / quarter > 8:
            pytest.fail(f"{name}: {pattern.pattern[:120]!r} took {elapsed:.2f} s on {text[:20]!r}... "
                        f"x{len(text)}, {elapsed / quarter:.0f}x a quarter of it (super-linear)")
