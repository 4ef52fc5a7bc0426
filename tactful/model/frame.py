"""The email model's second stage: its hard_sell score weighed with how the email reached the reader.

A newsletter or a shop's offer that the reader signed up for sells as spam does, word for word, and the
email model (90,000 n-grams) cannot tell them apart. What differs is the frame around the words: a
subscription footer that names the reader's address, a list's footer, a "Re:" or a quoted thread, many
links to the sender's own articles, against a bulk mailer's "reply REMOVE" plea. Added as two more
columns beside the n-grams, such evidence did not move the model (MODEL_CARD.md, round 3); a second
stage that reads only the first model's logit and the frame does (round 5).

The stage is a logistic regression over [logit of the email model's probability, `FRAME_FEATURES`],
fitted by `tactful train` on the email model's out-of-fold probabilities of the training part, and
applied only to mail that carries such a frame (`framed`): a short email written by a person, with
no footer, no list and no thread (what tactful's users mostly send), keeps the email model's reading,
since the stage would learn "no frame at all" as spam evidence from SpamAssassin and raise it.

Numpy and the standard library only: the send path runs it from exported arrays.
"""
from __future__ import annotations

import math
import re
from typing import Optional, Sequence

import numpy as np

from tactful.model.features import count_links, own_text
from tactful.nlp.mail import looks_like_email, mail_frame, reading_for, word_count
from tactful.request import CheckRequest

FRAME_FEATURES = (
    "subscriber_cue",  # says the reader subscribed (`mail_frame`)
    "removal_plea",  # a bulk mailer's "reply REMOVE" / "this is not spam"
    "list_footer",  # a mailing list's footer
    "unsubscribe",  # the sender's own unsubscribe block
    "quoted_share",  # share of the lines that quote or forward someone else's message
    "reply",  # the subject starts "Re:"
    "forward",  # the subject starts "Fwd:"
    "list_tag",  # a list's tag in the subject ("[ILUG]")
    "own_words",  # log(1 + words of the author's own text)
    "own_links",  # log(1 + links in the author's own text): a newsletter links to its articles
    "footer_links",  # log(1 + links outside it)
    "signature",  # a signature block
    "copyright",  # a copyright line or a privacy policy
    "newsletter",  # calls itself a newsletter, digest or bulletin
    "member_greeting",  # "Dear CuteFTP User", "Netscape Valued Customer"-style greetings of a customer or member
)
# The kinds of frame that put an email in the stage's hands (see the module docstring).
FRAMING = ("subscriber_cue", "removal_plea", "list_footer", "unsubscribe", "quoted_share", "reply", "forward",
           "list_tag")

# All bounded, no nested repeats.
_SUBJECT = re.compile(r"[ \t\n]{0,20}subject:[ \t]{0,20}([^\n]{0,400})", re.IGNORECASE)
_REPLY = re.compile(r"[ \t]{0,5}re[ \t]{0,2}:", re.IGNORECASE)
_FORWARD = re.compile(r"[ \t]{0,5}fwd?[ \t]{0,2}:", re.IGNORECASE)
_TAG = re.compile(r"\[[^\]\n]{1,30}\]")
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|privacy policy|all rights reserved", re.IGNORECASE)
_NEWSLETTER = re.compile(r"newsletter|digest|bulletin", re.IGNORECASE)
_MEMBER = re.compile(r"^[ \t]{0,10}(?:dear|hello|hi)[ \t][^\n]{0,40}\b(?:user|customer|member|subscriber|reader"
                     r"|registrant|client|owner)s?\b", re.IGNORECASE | re.MULTILINE)
_SET_ASIDE_THREAD = ("quote", "attribution", "forwarded")


def frame_row(request: CheckRequest, framed_only: bool = True) -> Optional[list[float]]:
    """`FRAME_FEATURES` of an email that carries a frame (`FRAMING`), else None (the stage leaves it alone).
    `framed_only=False` gives every email's row (for measuring the design that was not shipped)."""
    draft = request.draft
    if not looks_like_email(draft, request.channel):
        return None
    reading, frame = reading_for(draft, request.channel), mail_frame(draft)
    kinds = reading.kinds()
    subject_line = _SUBJECT.match(draft)
    subject = subject_line.group(1) if subject_line else ""
    lines = sum(1 for line in draft.split("\n") if line.strip())
    thread = sum(draft.count("\n", p.start, p.end) + 1 for p in reading.parts if p.kind in _SET_ASIDE_THREAD)
    own = own_text(request)
    own_links, all_links = count_links(own), count_links(draft)
    values = {
        "subscriber_cue": float(frame.subscriber_cue is not None),
        "removal_plea": float(frame.removal_plea is not None),
        "list_footer": float("list_footer" in kinds),
        "unsubscribe": float("unsubscribe" in kinds),
        "quoted_share": min(1.0, thread / max(1, lines)),
        "reply": float(bool(_REPLY.match(subject))),
        "forward": float(bool(_FORWARD.match(subject))),
        "list_tag": float(bool(_TAG.search(subject))),
        "own_words": math.log1p(word_count(own)),
        "own_links": math.log1p(own_links),
        "footer_links": math.log1p(max(0, all_links - own_links)),
        "signature": float("signature" in kinds),
        "copyright": float(bool(_COPYRIGHT.search(draft))),
        "newsletter": float(bool(_NEWSLETTER.search(draft))),
        "member_greeting": float(bool(_MEMBER.search(draft))),
    }
    if framed_only and not any(values[name] > 0 for name in FRAMING):
        return None
    return [values[name] for name in FRAME_FEATURES]


def logit(probability: float) -> float:
    clipped = min(max(probability, 1e-9), 1 - 1e-9)
    return math.log(clipped / (1 - clipped))


def stage_inputs(probability: float, row: Sequence[float]) -> list[float]:
    """The stage's input row: the first model's logit, then the frame."""
    return [logit(probability), *row]


class SecondStage:
    """The fitted stage, from exported arrays: standard scaling, one weight vector, an intercept."""

    def __init__(self, category: str, mean: np.ndarray, scale: np.ndarray, coef: np.ndarray, intercept: float):
        if not (mean.shape == scale.shape == coef.shape == (1 + len(FRAME_FEATURES),)):
            raise ValueError(f"second stage: weights have shape {coef.shape}, expected {(1 + len(FRAME_FEATURES),)}")
        self.category, self.mean, self.scale, self.coef, self.intercept = category, mean, scale, coef, intercept

    def apply(self, requests: Sequence[CheckRequest], probabilities: list[dict[str, float]]) -> None:
        """Replace the category's probability of every framed email in place; the rest keep theirs."""
        for request, scores in zip(requests, probabilities):
            if self.category not in scores:
                continue
            row = frame_row(request)
            if row is None:
                continue
            x = (np.asarray(stage_inputs(scores[self.category], row)) - self.mean) / self.scale
            scores[self.category] = float(1.0 / (1.0 + np.exp(-(x @ self.coef + self.intercept))))
