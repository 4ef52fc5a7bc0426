"""Shared fixtures: one engine per test session (loading packs and spaCy once)."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest

# The feedback database and the teams' models of every test that does not choose its own: a folder of
# this run's, never the user's ~/.local/share/tactful, and never a TACTFUL_DATABASE_URL from the shell.
_FEEDBACK_HOME = tempfile.mkdtemp(prefix="tactful-test-feedback-")
atexit.register(shutil.rmtree, _FEEDBACK_HOME, ignore_errors=True)
os.environ.pop("TACTFUL_DATABASE_URL", None)
os.environ["TACTFUL_FEEDBACK_DB"] = os.path.join(_FEEDBACK_HOME, "feedback.db")
os.environ["TACTFUL_MODELS_ROOT"] = os.path.join(_FEEDBACK_HOME, "models")

from tactful.engine import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    """Rules only: rule tests must not depend on what the classifier learned."""
    return Engine.load(use_model=False)


@pytest.fixture(scope="session")
def full_engine() -> Engine:
    """Rules plus the shipped classifier, as users run it."""
    return Engine.load()


@pytest.fixture(scope="session")
def checker(engine):
    """The public API over the rules-only engine."""
    from tactful.api import Checker

    return Checker.from_engine(engine)


# ---- PostgreSQL: a real server, a schema of this test's own -------------------------------------
POSTGRES_URL = os.environ.get("TACTFUL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _postgres_problem() -> "str | None":
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install '.[test]')"
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


@pytest.fixture
def postgres_url():
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards (other runs share the
    database). Without a server: skipped with the reason, except under CI=true, where it fails."""
    import uuid

    problem = _postgres_problem()
    if problem is not None:
        message = f"PostgreSQL not reachable at {POSTGRES_URL.split('@')[-1]}: {problem}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true requires it)", pytrace=False)
        pytest.skip(message)
    import psycopg

    schema = f"tactful_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """Each feedback test runs on SQLite (a file of its own) and on PostgreSQL (a schema of its own)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'feedback.db'}"
    return request.getfixturevalue("postgres_url")


def run_cli(capsys, *argv):
    """`tactful ARGV` in this process: (exit status, standard output, standard error)."""
    from tactful.cli import main

    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err
