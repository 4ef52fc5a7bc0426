"""Counting work instead of timing it: a test that asserts a bound on wall-clock time fails on a busy machine.

`python_steps(run)` counts the Python function calls and the calls into C (a regex search, a tokenizer
call) that `run()` makes, with `sys.setprofile`: the same input gives the same count on any machine,
however loaded. Work inside one C call (a regex's own backtracking) is not counted: the regex lint
(tactful/nlp/regex_safety.py) and tests/test_regex_safety.py cover that. Speed targets live in
bench/run.py (its "hostile input" section times these same inputs).
"""
from __future__ import annotations

import sys
from typing import Callable


def python_steps(run: Callable[[], object]) -> int:
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event == "call" or event == "c_call":
            count += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(previous)
    return count


def growth(run_at: Callable[[int], object], size: int) -> tuple[int, int]:
    """The extra steps from `size` to 2x`size`, and from 2x to 4x (after one warm-up run, so that caches
    filled on first use are not counted). Linear work doubles the extra steps; quadratic work quadruples them."""
    run_at(size)
    steps = [python_steps(lambda n=n: run_at(n)) for n in (size, 2 * size, 4 * size)]
    return steps[1] - steps[0], steps[2] - steps[1]


def assert_linear(run_at: Callable[[int], object], size: int, what: str = "") -> None:
    first, second = growth(run_at, size)
    # Doubling the input of linear work doubles the extra steps (2.0); quadratic work makes it 4.0.
    assert second <= 2.5 * max(first, 1) + 50, f"{what}: {first} then {second} more steps as the input doubles"
