"""Train/test assignment by group, so no video, dialogue, spam template or corpus pair straddles the split.

- YouTube: train on two videos, test on the third (comment spam differs by
  video; a random split would leak each spammer's copy-pasted comment).
- SMS: a seeded split on the template signature (near-identical spam together).
- CaSiNo and Persuasion for Good: a seeded split on the dialogue id.
- Politeness: a seeded split on the request id.
- Email (SpamAssassin): a seeded split on the body's template signature
  (digits, case and spacing folded), so a spam body sent under many subjects
  lands on one side only.
- Corpus: a seeded split on the id, `pNNNa`/`pNNNb` pairs together.
"""
from __future__ import annotations

import hashlib
from typing import Iterable

from tactful.model.data import Example

YOUTUBE_TEST_VIDEO = "07-KQ6zr6kCPj8"  # LMFAO - Party Rock Anthem: the largest of the three
TEST_SHARE = {"sms": 0.2, "casino": 0.2, "persuasion": 0.2, "politeness": 0.2, "corpus": 0.25, "email": 0.3}


def is_test(example: Example, seed: int) -> bool:
    if example.source == "youtube":
        return example.group == f"youtube:{YOUTUBE_TEST_VIDEO}"
    return _unit_interval(f"{seed}:{example.group}") < TEST_SHARE.get(example.source, 0.2)


def split(examples: Iterable[Example], seed: int) -> tuple[list[Example], list[Example]]:
    train, test = [], []
    for example in examples:
        (test if is_test(example, seed) else train).append(example)
    return train, test


def _unit_interval(key: str) -> float:
    """A stable pseudo-random number in [0, 1) for a key: the same on every machine and Python version."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64
