"""Text analysis shared by every check: one spaCy pass per text.

The pipeline is `spacy.blank("en")` plus the rule-based sentencizer: no trained
model, nothing downloaded. Inflection tolerance comes from folding each word to
a light stem stored as the lexeme's NORM, so "following", "followed" and
"follows" all match a phrase written as "follow". Lexeme attributes are cached
by the vocabulary, so the folding runs once per distinct word, not per token.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # spaCy is imported lazily: `tactful --help` must not pay for it.
    from spacy.language import Language
    from spacy.tokens import Doc

# Irregular forms that suffix folding cannot reach, mapped to their base form.
_IRREGULAR = {
    "bought": "buy", "sold": "sell", "went": "go", "gone": "go", "paid": "pay",
    "sent": "send", "made": "make", "got": "get", "gotten": "get", "told": "tell",
    "said": "say", "left": "leave", "lost": "lose", "won": "win", "chose": "choose",
    "chosen": "choose", "took": "take", "taken": "take", "gave": "give", "given": "give",
    "met": "meet", "spoke": "speak", "spoken": "speak", "wrote": "write", "written": "write",
    "ran": "run", "began": "begin", "begun": "begin", "felt": "feel", "kept": "keep",
    "heard": "hear", "saw": "see", "seen": "see", "thought": "think", "passed": "pass",
    "died": "die", "dying": "die", "lying": "lie", "am": "be", "is": "be", "are": "be",
    "was": "be", "were": "be", "been": "be", "children": "child", "people": "person",
}
_UNDOUBLE = re.compile(r"([bdfgkmnprt])\1$")


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Fold a lower-cased word to a light stem; the same function folds patterns and text."""
    if word in _IRREGULAR:
        return _fold_regular(_IRREGULAR[word])
    return _fold_regular(word)


def _fold_regular(word: str) -> str:
    if len(word) <= 3 or not word.isalpha():
        return word
    stem = word
    if stem.endswith("ies") and len(stem) > 4:
        stem = stem[:-3] + "y"
    elif stem.endswith("ied") and len(stem) > 4:
        stem = stem[:-3] + "y"
    elif stem.endswith("ing") and len(stem) > 5:
        stem = _UNDOUBLE.sub(r"\1", stem[:-3])
    elif stem.endswith("ed") and len(stem) > 4:
        stem = _UNDOUBLE.sub(r"\1", stem[:-2])
    elif stem.endswith("es") and stem[-3] in "sxz" or stem.endswith(("ches", "shes")):
        stem = stem[:-2]
    elif stem.endswith("s") and not stem.endswith(("ss", "us", "is")):
        stem = stem[:-1]
    while stem.endswith("e") and len(stem) > 3:
        stem = stem[:-1]
    return stem


@lru_cache(maxsize=1)
def nlp() -> "Language":
    """The shared blank English pipeline with a sentencizer and folded NORMs."""
    import spacy
    from spacy.attrs import NORM

    pipeline = spacy.blank("en")
    pipeline.tokenizer = BoundedTokenizer(pipeline.tokenizer)
    pipeline.add_pipe("sentencizer")
    pipeline.vocab.lex_attr_getters[NORM] = lambda text: fold(text.lower())
    for lexeme in pipeline.vocab:
        lexeme.norm_ = fold(lexeme.lower_)
    return pipeline


# spaCy's tokenizer strips prefixes and suffixes one at a time, re-slicing and re-searching the
# rest of the word each time: a run of punctuation or emoji without spaces costs quadratic time
# (8.5 s for 5,000 '$'). No word is that long, so a run of non-space characters longer than
# MAX_AFFIX_RUN is cut by a linear regex instead (words, runs of one repeated symbol up to
# MAX_SYMBOL_RUN, single symbols); everything else is tokenised by spaCy as before.
MAX_AFFIX_RUN = 40
MAX_SYMBOL_RUN = 100
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_AFFIX_RUN + 1))
_RUN_PIECE = re.compile(r"\w{1,%d}|([^\w\s])\1{0,%d}" % (MAX_SYMBOL_RUN, MAX_SYMBOL_RUN - 1))


class BoundedTokenizer:
    """spaCy's English tokenizer with its work bounded: linear in the length of the text."""

    def __init__(self, inner):
        self.inner = inner
        self.vocab = inner.vocab

    def __call__(self, text: str) -> "Doc":
        if len(text) <= MAX_AFFIX_RUN or _LONG_RUN.search(text) is None:
            return self.inner(text)
        from spacy.tokens import Doc

        words: list[str] = []
        spaces: list[bool] = []
        position = 0
        for run in _LONG_RUN.finditer(text):
            self._add_spacy(text[position:run.start()], words, spaces)
            for piece in _RUN_PIECE.finditer(run.group()):
                words.append(piece.group())
                spaces.append(False)
            position = run.end()
            if text.startswith(" ", position):
                spaces[-1] = True
                position += 1
        self._add_spacy(text[position:], words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)

    def _add_spacy(self, part: str, words: list[str], spaces: list[bool]) -> None:
        if part:
            for token in self.inner(part):
                words.append(token.text)
                spaces.append(bool(token.whitespace_))

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def __getattr__(self, name):  # explain(), rules, prefix_search... as the inner tokenizer has them
        return getattr(self.inner, name)


def analyse(text: str) -> "Doc":
    return nlp()(text)


def analyse_many(texts: Iterable[str]) -> list["Doc"]:
    return list(nlp().pipe(texts, batch_size=256))


# ---- Regions that must not trigger phrase rules on their own -----------------

URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')\]]+"
    r"|(?<![@.\w-])[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){0,3}\.(?:com|net|org|io|co|ly|me|example|app|shop|store|link|info|biz|tv|gg|ai|dev|uk|us|ca|de|fr|au|in)\b(?:/[^\s<>\"')\]]*)?",
    re.IGNORECASE,
)
HANDLE_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{1,30}")
QUOTED_LINE_RE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
QUOTED_SPAN_RE = re.compile(r"[\"“”«]([^\"“”«»\n]{3,400})[\"“”»]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass
class Masks:
    """Character ranges of the draft that are not the sender's own words."""

    urls: list[Span] = field(default_factory=list)
    handles: list[Span] = field(default_factory=list)
    quoted: list[Span] = field(default_factory=list)

    @property
    def all(self) -> list[Span]:
        return self.urls + self.handles + self.quoted

    def covers(self, span: Span) -> bool:
        """True when the span lies mostly inside text that is not the sender's own."""
        inside = sum(max(0, min(span.end, m.end) - max(span.start, m.start)) for m in self.all)
        return inside * 2 > (span.end - span.start)


def find_masks(draft: str, history_texts: Iterable[str] = ()) -> Masks:
    masks = Masks()
    masks.urls = [Span(m.start(), m.end()) for m in URL_RE.finditer(draft)]
    masks.handles = [Span(m.start(), m.end()) for m in HANDLE_RE.finditer(draft)]
    masks.quoted = [Span(m.start(), m.end()) for m in QUOTED_LINE_RE.finditer(draft)]
    history_lower = [t.lower() for t in history_texts if t]
    for m in QUOTED_SPAN_RE.finditer(draft):
        quoted = m.group(1).lower().strip()
        # Their words quoted back, or a short phrase in quotes that the draft talks *about*
        # ('it is the German "Dear Sir/Madam"'): a mention, not the sender using it.
        if len(quoted) <= 60 or any(quoted in h for h in history_lower):
            masks.quoted.append(Span(m.start(), m.end()))
    return masks
