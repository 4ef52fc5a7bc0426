"""Write the held-out split as labelled JSONL, one file per dataset, for `tactful eval`.

    python -m tactful.model.heldout --out /tmp/tactful-heldout
    tactful eval /tmp/tactful-heldout/youtube.jsonl
    tactful eval /tmp/tactful-heldout/email_hard_ham.jsonl   # one file per SpamAssassin folder too

The files hold public data, so they go outside the repository (never commit
them). The split is the one `tactful train` held out: same data, same seed,
same files.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional, Sequence

from tactful.errors import TactfulError
from tactful.model.data import REPO_ROOT, Example, default_corpus_dir, default_data_dir, email_folder, load_all
from tactful.model.splits import split


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tactful.model.heldout", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write (outside the repository)")
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--corpus", type=Path, default=default_corpus_dir())
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    out = args.out.resolve()
    if out == REPO_ROOT or REPO_ROOT in out.parents:
        print("heldout: write the public data outside the repository", file=sys.stderr)
        return 2
    try:
        _, test = split(load_all(args.data, args.corpus), args.seed)
    except (TactfulError, OSError) as exc:
        print(f"heldout: {exc}", file=sys.stderr)
        return 2
    files = write_heldout(test, out)
    for name, count in files.items():
        print(f"{out / name}: {count} examples")
    return 0


def write_heldout(test: list[Example], out: Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    lines: dict[str, list[str]] = {}
    for example in test:
        lines.setdefault(f"{example.source}.jsonl", []).append(_line(example, example.request.model_dump(
            mode="json", by_alias=True, exclude_none=True)))
        if example.source == "youtube":  # the same comments without the video title as context
            bare = example.request.model_dump(mode="json", by_alias=True, exclude_none=True)
            bare["history"] = []
            lines.setdefault("youtube_no_title.jsonl", []).append(_line(example, bare))
        if example.source == "email":  # and per folder: easy and hard ham, the two spam folders
            lines.setdefault(f"email_{email_folder(example)}.jsonl", []).append(lines["email.jsonl"][-1])
    for name, content in lines.items():
        (out / name).write_text("\n".join(content) + "\n", encoding="utf-8")
    return {name: len(content) for name, content in sorted(lines.items())}


def _line(example: Example, request: dict) -> str:
    record = {**request, "labels": sorted(example.labels), "allow": sorted(example.allow),
              "source": example.source, "group": example.group}
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    sys.exit(main())
