"""The HTTP service (FastAPI): a thin adapter over tactful.api.Checker."""
