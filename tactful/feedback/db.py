"""The feedback database: SQLAlchemy 2 Core tables, the engine, and the Alembic schema check.

SQLite (the default) runs in WAL mode with a 30 s busy timeout, and every
transaction starts with `BEGIN IMMEDIATE`, so concurrent writers (service
workers and the CLI) queue for the write lock instead of failing on a lock
upgrade. PostgreSQL goes through psycopg 3. Migrations live in
`migrations/versions/`; `upgrade()` applies them (under an advisory lock on
PostgreSQL, the write lock on SQLite, so two processes never apply one twice),
and `check_schema()` refuses a database at another revision than this code's.
A database with no tables at all is created on first use.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from tactful.errors import TactfulError

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 30_000
UPGRADE_COMMAND = "tactful db upgrade"

metadata = sa.MetaData()
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# The tables as the queries see them; the migrations create them (and must agree).
reports = sa.Table(
    "feedback_reports", metadata,
    sa.Column("id", _ID, primary_key=True, autoincrement=True),
    sa.Column("team", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("verdict", sa.String(16), nullable=False),
    sa.Column("rule", sa.String(128)),
    sa.Column("category", sa.String(16)),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("response_verdict", sa.String(8)),
    sa.Column("flags", sa.JSON, nullable=False),
    sa.Column("fired", sa.JSON, nullable=False),
    sa.Column("request", sa.JSON),
    sa.Column("spans", sa.JSON),
    sa.Column("draft_sha256", sa.String(64), nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("reporter", sa.String(128)),
    sa.Column("source", sa.String(8), nullable=False),
)
rule_hits = sa.Table(
    "feedback_rule_hits", metadata,
    sa.Column("team", sa.String(64), primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("rule", sa.String(128), primary_key=True),
    sa.Column("hits", sa.BigInteger, nullable=False),
)
# The drafts checked per team and day are counted under this pseudo-rule in rule_hits.
CHECKS_ROW = "*checks*"


class DatabaseError(TactfulError):
    """The database cannot be reached, or its schema is not the one this tactful needs."""


def normalise_url(url: str) -> URL:
    """postgres:// and postgresql:// mean psycopg 3 (SQLAlchemy would otherwise pick psycopg2)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def describe_url(url: str) -> str:
    """For messages and logs: never the password."""
    try:
        parsed = normalise_url(url)
    except Exception:
        return "the database named by TACTFUL_DATABASE_URL"
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite {parsed.database}"
    return f"PostgreSQL {parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''}"


def make_engine(url: str) -> sa.Engine:
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _private_file(Path(parsed.database))
        # hide_parameters: an error message must never carry a draft into a log.
        engine = sa.create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, hide_parameters=True)
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise DatabaseError(f"TACTFUL_DATABASE_URL: {parsed.get_backend_name()} is not supported; use PostgreSQL "
                            f"or SQLite")
    try:
        return sa.create_engine(parsed, pool_pre_ping=True, pool_size=4, max_overflow=4, hide_parameters=True)
    except ImportError:
        raise DatabaseError("TACTFUL_DATABASE_URL names PostgreSQL: install psycopg with "
                            "pip install 'tactful[postgres]'") from None


def _private_file(path: Path) -> None:
    """Reports are personal data: a new database file is readable by its owner only (0600, folder 0700)."""
    if path.exists():
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:  # another process created it first
        pass


def _sqlite_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE instead of pysqlite's deferred BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


# ---- schema ------------------------------------------------------------------------------------
def _alembic_config(connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def current_revision(engine: sa.Engine) -> Optional[str]:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: sa.Engine, to: str = "head") -> tuple[Optional[str], str]:
    """Apply the migrations not yet applied, up to `to` (tests stop early); (revision before, after)."""
    from alembic import command

    before = reachable(engine, current_revision)
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), to)
    return before, reachable(engine, current_revision)


def check_schema(engine: sa.Engine, create: bool = True) -> str:
    """The revision, when it is this code's; an empty database is created first (when `create`)."""
    head = head_revision()
    current = reachable(engine, current_revision)
    if current == head:
        return head
    if current is None and create and not sa.inspect(engine).has_table(reports.name):
        upgrade(engine)
        return head
    from alembic.script import ScriptDirectory

    known = {script.revision for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}
    where = describe_url(engine.url.render_as_string(hide_password=True))
    if current is not None and current not in known:
        raise DatabaseError(f"{where} has feedback schema {current}, newer than this tactful knows ({head}); "
                            f"upgrade tactful")
    raise DatabaseError(f"{where} has feedback schema {current or 'none'}, this tactful needs {head}: "
                        f"run `{UPGRADE_COMMAND}`")


def reachable(engine: sa.Engine, step):
    """`step(engine)`, with a connection failure turned into one line naming the database (no password)."""
    try:
        return step(engine)
    except sa.exc.OperationalError as exc:
        where = describe_url(engine.url.render_as_string(hide_password=True))
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "cannot connect"
        raise DatabaseError(f"{where}: {reason}") from None
