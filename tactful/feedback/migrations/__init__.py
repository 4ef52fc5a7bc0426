"""Alembic migrations of the feedback database (applied by `tactful db upgrade`)."""
