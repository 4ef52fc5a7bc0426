"""Labelled examples for training and evaluation: the public sets plus the repo corpus.

The public sets live outside the repository (`../shared/data/`, see its
README) and are read at training time only, never copied in. Every example
becomes a contract request with labels, plus the two things a leakage-free
split needs: its `source` (dataset) and its `group` (the unit that must not
straddle train and test: a video, a dialogue, a corpus pair).

Label conventions for the public sets, and why:
- YouTube spam (self-promotion, link drops) is `boilerplate`; SMS spam
  (prizes, urgency, premium numbers) is `hard_sell`. Each is *allowed* in the
  other category, because much spam is both; training ignores an example for
  a category it is allowed in instead of calling it a negative.
- SpamAssassin spam (cold offers, scams, SEO, newsletters nobody asked for)
  is `hard_sell`, allowed in `boilerplate`; its ham (list posts, work mail,
  replies with quoted threads and signatures) is clean. The draft is the
  subject line and the body, sent on the `email` channel.
- Ham, dialogue turns (CaSiNo, Persuasion for Good) and politeness requests are
  clean: genuine messages, many of them in-context replies and soft asks,
  which are the hard negatives a false positive would hurt.
"""
from __future__ import annotations

import csv
import hashlib
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

from tactful import CATEGORIES
from tactful.errors import InputError
from tactful.request import CheckRequest, parse_request

def _find_repo_root() -> Path:
    """The source checkout training works in: the working directory (or a parent) holding
    `models/corpus`, as when `tactful train` runs from a clone with the package installed;
    else the checkout this module sits in (an editable install)."""
    for candidate in (Path.cwd(), *Path.cwd().parents):
        if (candidate / "models" / "corpus").is_dir() and (candidate / "rules").is_dir():
            return candidate
    return Path(__file__).resolve().parents[2]


REPO_ROOT = _find_repo_root()
CORPUS_FILES = ("boilerplate", "hard_sell", "clean_standalone", "out_of_step", "clean_conversations", "pairs")

YOUTUBE_VIDEOS = ("01-9bZkp7q19f0", "04-CevxZvSJLk8", "07-KQ6zr6kCPj8")
# CaSiNo logs the deal interface's button presses as utterances; they are not messages.
CASINO_ACTIONS = {"Submit-Deal", "Accept-Deal", "Reject-Deal", "Walk-Away"}
# Dialogue turns keep only the recent past as history: enough for the history
# features, and it keeps memory linear in the number of turns.
MAX_DIALOGUE_HISTORY = 8
# The politeness corpus replaced every link with "<url>"; put a link back so the
# model sees that genuine requests carry links too.
POLITENESS_URL = "https://example.org/page"


@dataclass(frozen=True)
class Example:
    request: CheckRequest
    labels: frozenset[str]
    allow: frozenset[str]
    source: str  # dataset: youtube, sms, casino, persuasion, politeness, email, corpus
    group: str  # leakage unit: video, dialogue, message template or body, corpus pair
    origin: str  # file (and line) it came from, for error messages and reports

    @property
    def is_clean(self) -> bool:
        return not self.labels


def default_data_dir() -> Path:
    return REPO_ROOT.parent / "shared" / "data"


def default_corpus_dir() -> Path:
    return REPO_ROOT / "models" / "corpus"


def load_all(data_dir: Optional[Path] = None, corpus_dir: Optional[Path] = None) -> list[Example]:
    """Every public set found in `data_dir`, then the corpus; missing public sets are an error."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    if not data_dir.is_dir():
        raise InputError(f"{data_dir}: public data folder not found (pass --data DIR)")
    examples: list[Example] = []
    for loader in (load_youtube, load_sms, load_casino, load_persuasion, load_politeness, load_email):
        examples.extend(loader(data_dir))
    examples.extend(load_corpus(corpus_dir if corpus_dir is not None else default_corpus_dir()))
    return examples


# ---- public sets ------------------------------------------------------------------
def load_youtube(data_dir: Path) -> list[Example]:
    """Comments under three music videos; the video title becomes the post the comment sits under."""
    examples = []
    for video in YOUTUBE_VIDEOS:
        path = data_dir / "youtube_spam" / f"{video}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = clean_html(row["CONTENT"])
                if not text:
                    continue
                spam = row["CLASS"].strip() == "1"
                history = [{"from": "them", "kind": "post", "text": clean_html(row["VIDEO_TITLE"])}]
                request = _request(row["COMMENT_ID"], text, "comment", history)
                examples.append(Example(
                    request, frozenset({"boilerplate"} if spam else ()), frozenset({"hard_sell"} if spam else ()),
                    "youtube", f"youtube:{video}", f"{path.name}:{row['COMMENT_ID']}",
                ))
    return examples


def load_sms(data_dir: Path) -> list[Example]:
    """SMS spam vs personal texts; near-identical spam templates share a group."""
    path = data_dir / "sms_spam" / "train.tsv"
    examples = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            label, _, text = line.rstrip("\n").partition("\t")
            text = html.unescape(text).strip()
            if not text:
                continue
            spam = label == "spam"
            examples.append(Example(
                _request(f"sms-{number}", text, "sms", []),
                frozenset({"hard_sell"} if spam else ()), frozenset({"boilerplate"} if spam else ()),
                "sms", f"sms:{template_signature(text)}", f"{path.name}:{number}",
            ))
    return examples


def load_casino(data_dir: Path) -> list[Example]:
    """Every typed turn of the campsite negotiations, with the turns before it as history."""
    examples = []
    for name in ("casino_train.json", "casino_valid.json"):
        path = data_dir / "casino" / name
        for dialogue in json.loads(path.read_text(encoding="utf-8")):
            turns = [(log["id"], log["text"]) for log in dialogue["chat_logs"]
                     if log["text"].strip() and log["text"].strip() not in CASINO_ACTIONS]
            examples.extend(_dialogue_examples("casino", str(dialogue["dialogue_id"]), turns, f"{name}"))
    return examples


def load_persuasion(data_dir: Path) -> list[Example]:
    """Persuasion for Good: the sentences of one speaker's turn are joined into one message."""
    path = data_dir / "persuasion_for_good" / "full_dialog.csv"
    dialogues: dict[str, list[tuple[str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        previous_key = None
        for row in csv.DictReader(handle):
            text = row["Unit"].strip()
            if not text:
                continue
            turns = dialogues.setdefault(row["B2"], [])
            key = (row["B2"], row["Turn"], row["B4"])
            if key == previous_key:
                speaker, joined = turns[-1]
                turns[-1] = (speaker, f"{joined} {text}")
            else:
                turns.append((row["B4"], text))
            previous_key = key
    examples = []
    for dialogue_id, turns in dialogues.items():
        examples.extend(_dialogue_examples("persuasion", dialogue_id, turns, path.name))
    return examples


def load_politeness(data_dir: Path) -> list[Example]:
    """Requests to other editors and askers on Wikipedia and Stack Exchange: all genuine."""
    examples = []
    for name in ("wikipedia.annotated.csv", "stack-exchange.annotated.csv"):
        path = data_dir / "politeness" / name
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = row["Request"].replace("<url>", POLITENESS_URL).strip()
                if not text:
                    continue
                request = _request(f"politeness-{row['Id']}", text, "dm", [])
                examples.append(Example(request, frozenset(), frozenset(), "politeness",
                                        f"politeness:{row['Id']}", f"{name}:{row['Id']}"))
    return examples


EMAIL_FILE = Path("spamassassin") / "messages.jsonl"


def load_email(data_dir: Path) -> list[Example]:
    """SpamAssassin public corpus (2002-03): list posts, work mail and replies (ham) and spam.

    The draft is `Subject: ...`, a blank line and the body, on the `email` channel. The group is the
    body's template signature, so spam sent many times under other subjects never straddles the split.
    """
    path = data_dir / EMAIL_FILE
    examples = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            text = email_draft(row.get("subject") or "", row.get("text") or "")
            if not text.strip():
                continue
            spam = row["label"] == "spam"
            examples.append(Example(
                _request(row["id"], text, "email", []),
                frozenset({"hard_sell"} if spam else ()), frozenset({"boilerplate"} if spam else ()),
                "email", f"email:{template_signature(row.get('text') or '')}", f"{path.name}:{number}:{row['id']}",
            ))
    return examples


def email_draft(subject: str, body: str) -> str:
    """An email as one draft: the subject line (when there is one), a blank line, the body."""
    subject, body = subject.strip(), body.strip("\n")
    return f"Subject: {subject}\n\n{body}" if subject else body


def email_folder(example: Example) -> str:
    """The SpamAssassin folder an email example came from (easy_ham, hard_ham, spam_2, ...)."""
    return example.origin.rsplit(":", 1)[-1].split("/", 1)[0]


def _dialogue_examples(source: str, dialogue_id: str, turns: list[tuple[str, str]], origin: str) -> Iterator[Example]:
    for index, (speaker, text) in enumerate(turns):
        history = [{"from": "me" if who == speaker else "them", "kind": "message", "text": said}
                   for who, said in turns[max(0, index - MAX_DIALOGUE_HISTORY):index]]
        request = _request(f"{source}-{dialogue_id}-{index}", text, "dm", history)
        yield Example(request, frozenset(), frozenset(), source, f"{source}:{dialogue_id}", f"{origin}:{dialogue_id}")


# ---- the repo corpus ----------------------------------------------------------------
def load_corpus(corpus_dir: Path) -> list[Example]:
    """The hand-written corpus: whatever of its files exist (they are written gradually)."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        return []
    examples = []
    names = [n for n in CORPUS_FILES if (corpus_dir / f"{n}.jsonl").exists()]
    names += sorted(p.stem for p in corpus_dir.glob("*.jsonl") if p.stem not in CORPUS_FILES)
    for name in names:
        path = corpus_dir / f"{name}.jsonl"
        for number, (request, labels, allow) in enumerate_labelled(path):
            group = corpus_group(request.id, f"{name}:{number}")
            examples.append(Example(request, labels, allow, "corpus", group, f"{path.name}:{number}"))
    return examples


def enumerate_labelled(path: Path) -> Iterator[tuple[int, tuple[CheckRequest, frozenset[str], frozenset[str]]]]:
    """Read a labelled JSONL file: contract request + `labels` (+ `allow`), or `{"request", "expect", "allow"}`."""
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{Path(path).name}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: not valid JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise InputError(f"{where}: a labelled example must be a JSON object")
            yield number, parse_labelled(record, where)


def parse_labelled(record: dict, where: str) -> tuple[CheckRequest, frozenset[str], frozenset[str]]:
    if "request" in record and isinstance(record["request"], dict):
        body, labels = record["request"], record.get("expect", record.get("labels", []))
    else:
        body, labels = record, record.get("labels", [])
    allow = record.get("allow", [])
    for field, value in (("labels", labels), ("allow", allow)):
        if not isinstance(value, list) or any(v not in CATEGORIES for v in value):
            raise InputError(f"{where}: {field} must be a list of {', '.join(CATEGORIES)}")
    try:
        request = parse_request(body)
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None
    return request, frozenset(labels), frozenset(allow) - frozenset(labels)


_PAIR_ID = re.compile(r"^(.*\d)[ab]$")


def corpus_group(example_id: Optional[str], fallback: str) -> str:
    """Minimal pairs `p012a`/`p012b` share a group so that they land in the same split."""
    if not example_id:
        return f"corpus:{fallback}"
    match = _PAIR_ID.match(example_id)
    return f"corpus:{match.group(1) if match else example_id}"


# ---- helpers ------------------------------------------------------------------------
_TAG_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG_LINK = re.compile(r"<a\s[^>]*?href=\"([^\"]*)\"[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_TAG_OTHER = re.compile(r"</?(?:a|b|i|u|p|em|strong|span|div|font|img)\b[^>]*>", re.IGNORECASE)


def clean_html(text: str) -> str:
    """YouTube comments are stored as HTML: turn them back into the text the author typed."""
    text = _TAG_BREAK.sub("\n", text)
    text = _TAG_LINK.sub(lambda m: m.group(2) if m.group(1) in m.group(2) else f"{m.group(2)} {m.group(1)}", text)
    text = _TAG_OTHER.sub(" ", text)
    return html.unescape(text).replace("\ufeff", "").strip()


_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


def template_signature(text: str) -> str:
    """The text with digits and spacing folded: spam sent from one template gets one signature."""
    folded = _SPACES.sub(" ", _DIGITS.sub("0", text.lower())).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


def _request(example_id: str, draft: str, channel: str, history: list[dict]) -> CheckRequest:
    return parse_request({"id": example_id, "draft": draft, "channel": channel, "history": history})


def count_by(examples: Iterable[Example], key) -> dict[str, int]:
    counts: dict[str, int] = {}
    for example in examples:
        counts[key(example)] = counts.get(key(example), 0) + 1
    return counts
