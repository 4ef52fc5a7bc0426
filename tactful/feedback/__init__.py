"""Feedback from the people who use tactful: reports stored in a database, per-rule QA, guarded retraining.

    settings.py   where the database and the team models live, what is stored, for how long
    redact.py     emails, phone numbers and links out of text before it is stored
    db.py         SQLAlchemy Core tables, the engine (SQLite WAL or PostgreSQL), schema checks (Alembic)
    reports.py    one report: validated from JSON (HTTP) or built by the CLI
    store.py      write, list, count and purge a team's reports
    stats.py      per-rule hit and false-positive counts, with suggested tactful.toml entries
    versions.py   a team's model versions (`<models root>/<team>/vNNNN`) and which one is active
    learn.py      `tactful learn`: retrain with the team's reports, guarded
    cli.py        `tactful feedback`, `tactful db`, `tactful learn`

Nothing here imports the service; the service imports this.
"""
