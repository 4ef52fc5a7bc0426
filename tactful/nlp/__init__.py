"""The language layer: what a piece of text says, before anything is judged.

Tokens and sentences (`text`: one blank-English spaCy pass, folded word forms, the
masks of text that is not the sender's own), normalisation and word lists
(`lexicons`), reading an email as an email (`mail`), and the regex tools every
pattern goes through (`regex_safety`, `regex_prefilter`).

This is a leaf: nothing here imports from the layers above it (signals, checks,
rules, scoring, engine, cli, service); `tests/test_layers.py` fails if it does.
"""
