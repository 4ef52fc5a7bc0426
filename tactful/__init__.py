"""tactful: an outbound message linter that catches tone-deaf automation before it is sent.

The public entry point is `tactful.engine.check(request)`; everything else plugs into it.
"""
__version__ = "0.1.0"
CATEGORIES = ("boilerplate", "hard_sell", "out_of_step")
