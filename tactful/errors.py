"""One exception type per kind of failure, each carrying a one-line message.

The CLI maps them to exit status 2 and the HTTP service to 4xx, with the same text.
"""


class TactfulError(Exception):
    """Base class: the message is one line, fit to show a user as is."""


class InputError(TactfulError):
    """A request, a draft file or an option is malformed."""


class RulePackError(TactfulError):
    """A rule pack or the config does not load; the message names the file and rule."""


class ModelError(TactfulError):
    """The classifier artifacts are missing, unreadable or inconsistent."""


class DeadlinePassed(TactfulError):
    """A caller's deadline passed between chunks of a batch: the rest of the work is abandoned."""
