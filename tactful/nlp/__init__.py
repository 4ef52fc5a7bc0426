"""The language layer: what a piece of text says, before anything is judged.

- `text`: tokens and sentences (one blank-English spaCy pass, folded word forms) and the
  masks of what is not the sender's own words (links, handles, quotes);
- `lexicons`: normalisation and the shared word lists (pitch, cheer, sympathy, nudges...);
- `reading`: one text read once (sentences, content words, questions, sentiment);
- `extract`: names, companies, contact details, money, the values of a plan;
- `dates`: days, times, dates and deferrals, by the calendar (python-dateutil);
- `mail`: an email read as an email (quoted replies, signatures, footers set aside);
- `placeholders`: unfilled merge fields ({{first_name}}, [COMPANY], %FNAME%), the one detector;
- `regex_safety`, `regex_prefilter`: the tools every pattern goes through.

This is a leaf: nothing here imports from the layers above it (signals, checks, rules,
scoring, engine, cli, service); `tests/test_layers.py` fails if it does.
"""
