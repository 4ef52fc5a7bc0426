"""Shared fixtures: one engine per test session (loading packs and spaCy once)."""
from __future__ import annotations

import pytest

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
