"""Named checks that read the draft alone (no history needed)."""
from __future__ import annotations

from tactful.checks import register
from tactful.context import CheckContext, Hit
