"""The HTTP service (FastAPI): a thin adapter over tactful.engine."""
