"""What every browser journey shares: the demo users' phone (their TOTP keys), signing in,
and watching a page for refused scripts and failed requests."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from typing import Any

SECRET = re.compile(r"\b[A-Z2-7]{4}(?: [A-Z2-7]{4}){7,}\b")
TOTP_STEP = 30


def totp(secret: str, counter: int, digits: int = 6) -> str:
    """RFC 6238 code, as an authenticator app computes it (SHA-1, 30-second steps)."""

    key = secret.replace(" ", "").upper()
    key_bytes = base64.b32decode(key + "=" * (-len(key) % 8))
    digest = hmac.new(key_bytes, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{value:0{digits}d}"


class Authenticator:
    """The phone of the demo users: keeps the keys enrolled during the run, never reuses a code."""

    def __init__(self) -> None:
        self.secrets: dict[str, str] = {}
        self.last_counter: dict[str, int] = {}
        # The session cookie of each user's last full sign-in. A code is good once, so a third
        # sign-in within a 30-second step waits for the clock; journeys that only need to be
        # signed in reuse the session instead, as a browser that stayed open would.
        self.sessions: dict[str, list[dict[str, Any]]] = {}

    def code(self, username: str) -> str:
        assert username in self.secrets, f"{username} has a second factor enrolled before this run"
        counter = max(int(time.time()) // TOTP_STEP, self.last_counter.get(username, -1) + 1)
        # The server accepts one step of clock drift; beyond that, wait for the clock.
        while counter > int(time.time()) // TOTP_STEP + 1:
            time.sleep(1)
        self.last_counter[username] = counter
        return totp(self.secrets[username], counter)


def watch(page: Any) -> list[str]:
    """Console errors (a refused inline script or style shows here) and failed requests."""

    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} {r.failure}"))
    return problems


def sign_in(
    page: Any, server: Any, authenticator: Authenticator, username: str, *, fresh: bool = False
) -> None:
    """Signed in as ``username`` on the home page: through the sign-in form and the second
    factor when ``fresh`` or the first time, else with the session that sign-in opened."""

    saved = None if fresh else authenticator.sessions.get(username)
    if saved:
        page.context.add_cookies(saved)
        page.goto(f"{server.url}/")
        if page.url == f"{server.url}/":
            return
    page.goto(f"{server.url}/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", username)
    page.fill("#id_password", server.password(username))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    if "/second-factor/setup/" in page.url:  # roles that see victims' data enrol a second factor
        found = SECRET.search(page.inner_text("main"))
        assert found, "the second-factor page shows no key"
        authenticator.secrets[username] = found.group(0)
    if "/second-factor/" in page.url:
        page.fill("input[name=code]", authenticator.code(username))
        with page.expect_navigation():
            page.click("main form button[type=submit]")
    assert page.url == f"{server.url}/", f"signed in, but landed on {page.url}"
    authenticator.sessions[username] = [c for c in page.context.cookies() if c["name"] == "sessionid"]
