"""Trained classifier artifacts (installed as the data package `tactful.models`)."""
