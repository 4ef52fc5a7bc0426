"""`python -m tactful` runs the CLI."""
from tactful.cli import entry_point

entry_point()
