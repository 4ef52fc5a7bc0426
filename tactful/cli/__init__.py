"""The `tactful` command: check drafts, list rules, train and evaluate the model, serve HTTP, take feedback.

argparse (stdlib) keeps `tactful --help` fast; spaCy, the model and FastAPI are
imported only by the subcommands that need them. Exit status: 0 clean, 1 a
finding at or above `--fail-on`, 2 usage or input error (one line on stderr).
"""
from __future__ import annotations

import argparse
import os
import sys

from tactful import __version__
from tactful.errors import TactfulError

TYPE_CHECKING = False  # the thin client's start-up time counts every import
if TYPE_CHECKING:
    from typing import Optional

FAIL_ON = ("info", "warning", "error", "never")
FORMATS = ("text", "json", "jsonl", "sarif", "csv")


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"tactful: {message} (see `{self.prog} --help`)\n")
        sys.exit(2)


def _add_draft_inputs(command: argparse.ArgumentParser) -> None:
    """The drafts a command reads, as `tactful check` reads them."""
    command.add_argument("files", nargs="*", metavar="FILE")
    command.add_argument("--history", metavar="FILE", help="JSON list of history items, for plain-text drafts")
    command.add_argument("--channel", metavar="C", help="dm | reply | comment | post | email | sms (default: dm)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tactful", description="Catch tone-deaf automation before it is sent.")
    parser.add_argument("--version", action="version", version=f"tactful {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="check drafts (text, Markdown, .json, .jsonl or stdin)",
                           description="Check drafts before they are sent. FILE may be plain text or Markdown, "
                                       "a .json request (or list of requests), a .csv content calendar (one row per draft), a .jsonl file with one request "
                                       "per line, or '-' / nothing for standard input.")
    _add_draft_inputs(check)
    check.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    check.add_argument("--fail-on", choices=FAIL_ON, default="warning",
                       help="exit 1 when a finding is at or above this severity (default: warning)")
    check.add_argument("--config", metavar="FILE", help="tactful.toml to use (default: nearest one upward)")
    check.add_argument("--explain", action="store_true",
                       help="also print every signal that holds for each draft, with its evidence")
    check.add_argument("--no-model", action="store_true", help="rules only: do not use the classifier")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="colour in text output (default: auto, on a terminal only)")
    check.add_argument("--server", metavar="URL", default=None,
                       help="send the drafts to a running `tactful serve` (default: $TACTFUL_SERVER; "
                            "API key from $TACTFUL_API_KEY) instead of loading the checker here")
    check.add_argument("--fallback", choices=("none", "local"), default="none",
                       help="with --server: check locally when the server cannot be reached (default: none, exit 2)")
    check.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                       help="with --server: seconds to wait for the server (default: 10)")

    rules = sub.add_parser("rules", help="list rules, or show one rule's documentation")
    rules.add_argument("rule_id", nargs="?", metavar="ID")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                       help="markdown writes the rules reference (docs/rules.md)")
    rules.add_argument("--config", metavar="FILE")
    rules.add_argument("--check", action="store_true",
                       help="load and compile every rule pack (kinds, regexes, params, signals); exit 2 naming the "
                            "file and rule of the first problem")
    rules.add_argument("--rules-dir", metavar="DIR", help="with --check: the packs to check (default: the shipped ones)")

    signals = sub.add_parser("signals", help="print every named signal for a draft, with its evidence",
                             description="Print what tactful knows about a draft and its conversation: every named "
                                         "signal (them.*, draft.*, history.*, moment.*) with its value and evidence. "
                                         "Rules compose these signals; this shows why a rule fired or did not.")
    _add_draft_inputs(signals)
    signals.add_argument("--config", metavar="FILE", help="tactful.toml to use")
    signals.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                         help="markdown (with --list) writes docs/signals.md")
    signals.add_argument("--all", action="store_true", help="text: also list signals far from holding")
    signals.add_argument("--list", action="store_true", help="list the signal vocabulary with documentation")

    train = sub.add_parser("train", help="train the classifier and write models/", add_help=False)
    train.add_argument("args", nargs=argparse.REMAINDER)
    evaluate = sub.add_parser("eval", help="evaluate the engine on a labelled JSONL file", add_help=False)
    evaluate.add_argument("args", nargs=argparse.REMAINDER)

    for name, text in (("feedback", "report a wrong warning or a miss; `feedback stats`, `list`, `purge`"),
                       ("learn", "retrain the classifier with the team's reports, guarded; --list, --rollback"),
                       ("db", "the feedback database: `db upgrade`, `db current`")):
        delegated = sub.add_parser(name, help=text, add_help=False)
        delegated.add_argument("args", nargs=argparse.REMAINDER)

    serve = sub.add_parser("serve", help="run the HTTP service (uvicorn)")
    serve.add_argument("--host", default=None, help="bind address (default: $TACTFUL_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default: $TACTFUL_PORT or 8080)")
    serve.add_argument("--workers", type=int, default=None, help="worker processes (default: $TACTFUL_WORKERS or 1)")
    return parser


# Subcommands with their own argument parsers: everything after the name is theirs.
DELEGATED = {"train": "tactful.model.train", "eval": "tactful.model.evaluate",
             # `tactful train --signals`: only the signal heads (conversation states, draft acts).
             "train --signals": "tactful.model.signals_train"}
# The same, for the feedback commands: (module, function).
FEEDBACK = {"feedback": ("tactful.feedback.cli", "feedback_main"), "db": ("tactful.feedback.cli", "db_main"),
            "learn": ("tactful.feedback.learn", "main")}


def main(argv: Optional[list[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv[:1] == ["train"] and "--signals" in argv:
            argv = ["train --signals"] + [a for a in argv[1:] if a != "--signals"]
        if argv and argv[0] in DELEGATED:
            code = _delegate(argv[0], argv[1:])
        elif argv and argv[0] in FEEDBACK:
            code = _feedback(argv[0], argv[1:])
        else:
            code = _main(argv)
        sys.stdout.flush()  # a reader that went away shows here, inside this handler, not at exit
        return code
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as Unix tools do. Point stdout at
        # /dev/null so that the interpreter's last flush does not raise a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _feedback(command: str, argv: list[str]) -> int:
    import importlib

    module, function = FEEDBACK[command]
    try:
        return int(getattr(importlib.import_module(module), function)(argv) or 0)
    except KeyboardInterrupt:
        sys.stderr.write("tactful: interrupted\n")
        return 130


def _main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            from tactful.cli.check_command import run_check

            return run_check(args)
        if args.command == "signals":
            from tactful.cli.signals_command import run_signals

            return run_signals(args)
        if args.command == "rules":
            from tactful.cli.rules_command import run_rules

            return run_rules(args)
        if args.command == "serve":
            from tactful.service_launcher import serve

            return serve(args.host, args.port, args.workers)
        parser.print_help()
        return 2
    except TactfulError as exc:
        sys.stderr.write(f"tactful: {exc}\n")
        return 2
    except RecursionError:  # a structure nested past Python's stack: say so in one line, never a traceback
        sys.stderr.write("tactful: the input nests too deeply to read (see TACTFUL_MAX_JSON_DEPTH)\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("tactful: interrupted\n")
        return 130


def _delegate(command: str, argv: list[str]) -> int:
    import importlib

    try:
        module = importlib.import_module(DELEGATED[command])
    except ImportError as exc:  # training needs the `train` extra (scikit-learn, skops)
        sys.stderr.write(f"tactful {command}: needs the training extra: pip install 'tactful[train]' ({exc.name} missing)\n")
        return 2
    try:
        return int(module.main(argv) or 0)
    except TactfulError as exc:
        sys.stderr.write(f"tactful {command}: {exc}\n")
        return 2


def entry_point() -> None:
    sys.exit(main())
