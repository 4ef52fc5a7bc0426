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
