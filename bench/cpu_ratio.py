"""tactful vs proselint in CPU time, for a shared, loaded machine (bench/README.md, "2026-12-04").

    python bench/cpu_ratio.py

Wall-clock ratios from bench/run.py move with whatever else runs on the cores; this measures
`time.thread_time` instead, and interleaves tactful's `check_many` and proselint's `LintFile.lint`
in chunks of 250 of the bench's 5,000 drafts, so both see the same load. Then `check()` p50/p99
with 20 history items (the bench's histories), also in CPU time. Not a target check: it prints.
"""
import gc
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402  (the bench's corpus, cycle, histories and percentile)

CHUNK = 250


def main() -> None:
    from proselint.checks import __register__
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    from tactful.engine import Engine

    registry = CheckRegistry()
    if not registry.checks:
        registry.register_many(__register__)
    corpus = bench.load_corpus()
    drafts = bench.cycle(corpus, bench.N_DRAFTS)
    engine = Engine.load()
    engine.check_many(corpus)  # warm, as a running service is
    for draft in drafts[:50]:
        LintFile("draft", draft["draft"]).lint()
    ours = theirs = 0.0
    gc.collect()
    for start in range(0, len(drafts), CHUNK):
        chunk = drafts[start:start + CHUNK]
        began = time.thread_time()
        engine.check_many(chunk)
        ours += time.thread_time() - began
        began = time.thread_time()
        for draft in chunk:
            LintFile("draft", draft["draft"]).lint()
        theirs += time.thread_time() - began
    rng = random.Random(6)
    pools = bench.message_pools(corpus)
    requests = [bench.with_history(corpus[i % len(corpus)], 20, pools, rng) for i in range(1000)]
    for request in requests[:50]:
        engine.check(request)
    gc.collect()
    times = []
    for request in requests:
        began = time.thread_time_ns()
        engine.check(request)
        times.append((time.thread_time_ns() - began) / 1e6)
    print(f"check_many {len(drafts) / ours:.0f} drafts/s CPU, proselint {len(drafts) / theirs:.0f} drafts/s CPU, "
          f"ratio {theirs / ours:.2f}x; check() with 20 history items p50 {bench.pct(times, 50):.2f} ms, "
          f"p99 {bench.pct(times, 99):.2f} ms CPU")


if __name__ == "__main__":
    main()
