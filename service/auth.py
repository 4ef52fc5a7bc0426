"""Optional API keys: with TACTFUL_API_KEYS set, /v1/* needs `Authorization: Bearer <key>`."""
from __future__ import annotations

import hmac
from typing import Iterable, Optional

PROTECTED_PREFIX = "/v1/"
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="tactful"'}


class ApiKeys:
    def __init__(self, keys: Iterable[str]):
        self._keys = tuple(key.encode("ascii") for key in keys)

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
