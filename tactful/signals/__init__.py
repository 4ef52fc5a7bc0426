"""What tactful knows about a draft and its conversation: named signals with values and evidence.

Layer order: request -> nlp (text, lexicons, extraction) -> **signals** -> rules
(YAML composing signals) -> scoring -> outputs. `registry.py` holds the
vocabulary; `draft.py`, `them.py`, `history.py` and `moments.py` define the
signals of each owner; `model.py` and `learned.py` are the learned heads.
"""
from tactful.signals.registry import SIGNALS, Signal, all_signals, get, registered

__all__ = ["SIGNALS", "Signal", "all_signals", "get", "registered"]
