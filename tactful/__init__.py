"""tactful: an outbound message linter that catches tone-deaf automation before it is sent.

    from tactful import check, Checker

    check({"draft": "Thanks for following! Go to mysite.example"})   # default Checker, built on first use
    checker = Checker(config="tactful.toml", model=True)             # load once, check many
    checker.check_many(queue)                                        # with mass-blast detection across the list

`check` and `Checker` live in `tactful.api` and are imported on first use, so
`import tactful` stays cheap (the thin client `tactful check --server` relies on it).
Request and response shapes: `tactful.types`.
"""
from __future__ import annotations

TYPE_CHECKING = False  # not imported from typing: `import tactful` stays cheap
__version__ = "0.1.0"
CATEGORIES = ("boilerplate", "hard_sell", "out_of_step")

if TYPE_CHECKING:
    from typing import Any

    from tactful.api import Checker, check, check_many

__all__ = ["CATEGORIES", "Checker", "__version__", "check", "check_many"]


def __getattr__(name: str) -> Any:
    if name in ("check", "Checker", "check_many"):
        from tactful import api

        return getattr(api, name)
    raise AttributeError(f"module 'tactful' has no attribute {name!r}")
