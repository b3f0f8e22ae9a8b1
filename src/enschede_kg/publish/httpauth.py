"""Credentials for a store: a bearer token, or a user and password by HTTP Basic or Digest.

Digest (RFC 7616, as Virtuoso's ``/sparql-graph-crud-auth`` asks for it) needs the server's
challenge first: the first request goes without credentials, its 401 names the scheme, realm and
nonce, and every later request answers that challenge with a fresh nonce count.

>>> auth = Auth(user="dba", password="dba")
>>> auth.answer('Digest realm="SPARQL", nonce="abc", qop="auth", algorithm="MD5"')
True
>>> auth.headers("PUT", "/g?graph=x")["Authorization"].startswith('Digest username="dba"')
True
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass, field

_PARAM = re.compile(r'(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))')
_HASHES = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


@dataclass
class Auth:
    """What the publisher sends in ``Authorization``; ``answer`` learns a 401 challenge."""

    token: str | None = None
    user: str | None = None
    password: str | None = None
    _scheme: str = ""
    _params: dict[str, str] = field(default_factory=dict)
    _count: int = 0

    @property
    def can_answer(self) -> bool:
        return self.user is not None and self.password is not None

    def answer(self, challenge: str) -> bool:
        """Take a ``WWW-Authenticate`` value; True when it is a scheme we can answer."""
        if not self.can_answer or not challenge:
            return False
        scheme, _, rest = challenge.strip().partition(" ")
        params = {m[1].lower(): m[2] if m[2] else m[3] for m in _PARAM.finditer(rest)}
        scheme = scheme.lower()
        if scheme == "digest" and params.get("algorithm", "MD5").upper() in _HASHES:
            if "qop" in params and "auth" not in params["qop"].split(","):
                return False
            self._scheme, self._params, self._count = "digest", params, 0
            return True
        if scheme == "basic":
            self._scheme, self._params = "basic", params
            return True
        return False

    def headers(self, method: str, uri: str) -> dict[str, str]:
        """The ``Authorization`` header for one request (none before a challenge)."""
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        if self._scheme == "basic":
            pair = f"{self.user}:{self.password}".encode()
            return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
        if self._scheme == "digest":
            return {"Authorization": self._digest(method, uri)}
        return {}

    def _digest(self, method: str, uri: str) -> str:
        p = self._params
        algorithm = p.get("algorithm", "MD5").upper()

        def h(text: str) -> str:
            return _HASHES[algorithm](text.encode("utf-8")).hexdigest()

        realm, nonce = p.get("realm", ""), p.get("nonce", "")
        ha1 = h(f"{self.user}:{realm}:{self.password}")
        ha2 = h(f"{method}:{uri}")
        fields = {
            "username": self.user or "",
            "realm": realm,
            "nonce": nonce,
            "uri": uri,
            "algorithm": algorithm,
        }
        if "qop" in p:
            self._count += 1
            nc, cnonce = f"{self._count:08x}", os.urandom(8).hex()
            fields |= {"qop": "auth", "nc": nc, "cnonce": cnonce}
            fields["response"] = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
        else:
            fields["response"] = h(f"{ha1}:{nonce}:{ha2}")
        if "opaque" in p:
            fields["opaque"] = p["opaque"]
        unquoted = {"algorithm", "qop", "nc"}
        return "Digest " + ", ".join(
            f"{k}={v}" if k in unquoted else f'{k}="{v}"' for k, v in fields.items()
        )
