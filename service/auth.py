"""Optional API keys: with TACTFUL_API_KEYS set, /v1/* needs `Authorization: Bearer <key>`.

Each key belongs to a team (TACTFUL_TEAM_KEYS=team:key,...; other keys, and every
request when no keys are set, belong to team "default"): the team decides whose
feedback reports a request sees and which learned model checks its drafts.
"""
from __future__ import annotations

import hmac
from typing import Iterable, Mapping, Optional

PROTECTED_PREFIX = "/v1/"
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="tactful"'}


DEFAULT_TEAM = "default"


class ApiKeys:
    def __init__(self, keys: Iterable[str], teams: Optional[Mapping[str, str]] = None):
        self._keys = tuple(key.encode("ascii") for key in keys)
        self._teams = tuple((key.encode("ascii"), team) for key, team in (teams or {}).items())

    @property
    def enabled(self) -> bool:
        return bool(self._keys)

    def protects(self, path: str) -> bool:
        return self.enabled and (path.startswith(PROTECTED_PREFIX) or path == "/v1")

    def allows(self, authorization: Optional[bytes]) -> bool:
        """True when the header is `Bearer <key>` for a configured key, compared in constant time."""
        if not authorization:
            return False
        scheme, _, token = authorization.strip().partition(b" ")
        if scheme.lower() != b"bearer":
            return False
        token = token.strip()
        # Compare against every key, without stopping at a match, so timing says nothing about which.
        matched = False
        for key in self._keys:
            matched |= hmac.compare_digest(token, key)
        return matched

    def team_of(self, authorization: Optional[bytes]) -> str:
        """The team of the request's key (compared in constant time); "default" for a key without a team."""
        if not authorization or not self._teams:
            return DEFAULT_TEAM
        _, _, token = authorization.strip().partition(b" ")
        token = token.strip()
        found = DEFAULT_TEAM
        for key, team in self._teams:
            if hmac.compare_digest(token, key):
                found = team
        return found
