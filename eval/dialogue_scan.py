"""Whole-dialogue false-positive scan: every clean public-dialogue turn (and every clean corpus draft) as a draft.

    python eval/dialogue_scan.py [-v]

Reads ../shared/data (CaSiNo, Persuasion For Good, Politeness) and models/corpus, checks each clean
example with the rules only (the out_of_step checks are what can misfire on real conversations),
and prints the share flagged out_of_step per source and the rules that fired. `-v` lists each one.
The public data is read in place and never written anywhere.
"""
import collections
import sys
import time

from tactful.engine import Engine
from tactful.model.data import default_corpus_dir, default_data_dir, load_all

SOURCES = ("casino", "persuasion", "politeness", "corpus")


def main(verbose: bool) -> None:
    engine = Engine.load(use_model=False)
    clean = [e for e in load_all(default_data_dir(), default_corpus_dir()) if not e.labels and e.source in SOURCES]
    by_rule, seen, flagged = collections.Counter(), collections.Counter(), collections.Counter()
    started = time.perf_counter()
    for start in range(0, len(clean), 256):
        batch = clean[start:start + 256]
        for example, response in zip(batch, engine.check_many([e.request for e in batch])):
            seen[example.source] += 1
            rules = sorted({w["rule"] for w in response["warnings"] if w["category"] == "out_of_step"})
            if not rules:
                continue
            flagged[example.source] += 1
            by_rule.update(rules)
            if verbose:
                last = example.request.history[-1].text if example.request.history else ""
                print(f"FP {example.source} {rules} | {example.request.draft[:160]} || last: {(last or '')[:160]}")
        print(f"\r{sum(seen.values())}/{len(clean)} checked", end="", file=sys.stderr)
    print(file=sys.stderr)
    for source in SOURCES:
        if seen[source]:
            print(f"{source}: {flagged[source]}/{seen[source]} = {flagged[source] / seen[source]:.3%} flagged out_of_step")
    print("rules:", by_rule.most_common())
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main("-v" in sys.argv[1:])
