"""Browser tests run the real demo (``phlov demo``) and drive Debian's chromium through Playwright.

No browser is ever downloaded: the tests use /usr/bin/chromium and are skipped, saying so,
when it is not installed.
"""

from __future__ import annotations

import fcntl
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from browsing import Authenticator

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
REPO_DIR = Path(__file__).resolve().parents[2]
RESULTS_DIR = REPO_DIR / "test-results"
# "  <Role name>  <user name>  <password>", at least two spaces between the columns.
CREDENTIAL_LINE = re.compile(r"^\s+\S.*?\s{2,}(demo\.[a-z_]+)\s{2,}(\S+)\s*$")
SERVING_LINE = re.compile(r"Serving Phlov on (http://\S+)")
START_TIMEOUT_SECONDS = 300
# Static files collected once for every demo of the test runs (each xdist worker starts one,
# and CI runs the suite twice): compressing them takes about 15 s of two cores.
SHARED_STATIC = REPO_DIR / "var" / "browser-static"


@dataclass
class DemoServer:
    url: str
    credentials: dict[str, str]
    output: list[str] = field(default_factory=list)

    def password(self, username: str) -> str:
        assert username in self.credentials, f"the demo did not print {username}: {self.credentials}"
        return self.credentials[username]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def demo_environment(var_dir: Path) -> dict[str, str]:
    """The environment of a real demo: no test mode, SQLite in its own folder."""

    env = dict(os.environ)
    for name in ("PHLOV_TESTING", "DATABASE_URL"):
        env.pop(name, None)
    env["PHLOV_VAR_DIR"] = str(var_dir)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def read_lines(stream: Any, lines: queue.Queue[str | None], output: list[str]) -> None:
    """Read the server's output to its end, so that a full pipe never blocks it."""

    for line in iter(stream.readline, ""):
        output.append(line.rstrip("\n"))
        lines.put(line)
    lines.put(None)


def wait_until_serving(
    lines: queue.Queue[str | None], process: subprocess.Popen[str]
) -> tuple[str, dict[str, str]]:
    credentials: dict[str, str] = {}
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if line is None:
            raise RuntimeError(f"'phlov demo' stopped (exit code {process.poll()}) before serving")
        match = CREDENTIAL_LINE.match(line)
        if match:
            credentials[match.group(1)] = match.group(2)
        serving = SERVING_LINE.search(line)
        if serving:
            return serving.group(1).rstrip("/"), credentials
    raise RuntimeError(f"'phlov demo' did not serve within {START_TIMEOUT_SECONDS} s")


def wait_for_health(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:  # noqa: S310 (our own URL)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url}/healthz did not answer 200 within {timeout} s")
        time.sleep(0.5)


def stop(process: subprocess.Popen[str]) -> None:
    """Stop the server and its gunicorn workers: the whole process group it leads."""

    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (Debian package 'chromium'); browser tests need it")
    return CHROMIUM


@dataclass
class MailSink:
    """A real SMTP server on loopback (aiosmtpd) that keeps what the demo sends."""

    host: str
    port: int
    messages: list[dict[str, Any]] = field(default_factory=list)

    def environment(self) -> dict[str, str]:
        return {"EMAIL_HOST": self.host, "EMAIL_PORT": str(self.port),
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}  # fmt: skip

    def sent_to(self, address: str) -> list[dict[str, Any]]:
        return [m for m in list(self.messages) if address in m["to"]]


@pytest.fixture(scope="session")
def mail_sink() -> Iterator[MailSink]:
    from aiosmtpd.controller import Controller

    sink = MailSink(host="127.0.0.1", port=free_port())

    class Keep:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            content = (
                envelope.content.decode("utf-8", "replace")
                if isinstance(envelope.content, bytes)
                else str(envelope.content)
            )
            sink.messages.append(
                {"from": envelope.mail_from, "to": list(envelope.rcpt_tos), "content": content}
            )
            return "250 Message accepted for delivery"

    controller = Controller(Keep(), hostname=sink.host, port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


def collected_static(phlov: Path, environment: dict[str, str], target: Path) -> None:
    """The demo's static folder, copied from the shared one after bringing that up to date
    (one worker at a time). The demo's own collectstatic then finds every file current."""

    SHARED_STATIC.mkdir(parents=True, exist_ok=True)
    with open(SHARED_STATIC.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(
            [str(phlov), "collectstatic", "--noinput", "-v", "0"],
            cwd=REPO_DIR,
            env={**environment, "PHLOV_DEMO": "1", "PHLOV_STATIC_ROOT": str(SHARED_STATIC)},
            check=True,
        )
        shutil.copytree(SHARED_STATIC, target, copy_function=shutil.copy2)


@pytest.fixture(scope="session")
def demo_server(
    tmp_path_factory: pytest.TempPathFactory, chromium_path: Path, mail_sink: MailSink
) -> Iterator[DemoServer]:
    phlov = Path(sys.executable).parent / "phlov"
    assert phlov.exists(), f"{phlov} not found: install Phlov in this environment (pip install -e .)"
    var_dir = tmp_path_factory.mktemp("phlov-demo")
    environment = {**demo_environment(var_dir), **mail_sink.environment()}
    collected_static(phlov, environment, var_dir / "static")
    process = subprocess.Popen(
        [str(phlov), "demo", "--bind", f"127.0.0.1:{free_port()}"],
        cwd=REPO_DIR,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        start_new_session=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    output: list[str] = []
    reader = threading.Thread(target=read_lines, args=(process.stdout, lines, output), daemon=True)
    reader.start()
    try:
        url, credentials = wait_until_serving(lines, process)
        wait_for_health(url)
        yield DemoServer(url=url, credentials=credentials, output=output)
    except RuntimeError as error:
        raise RuntimeError(f"{error}\n--- output of 'phlov demo' ---\n" + "\n".join(output)) from error
    finally:
        stop(process)


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def results_dir() -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    return RESULTS_DIR


# One phone per test session: a user enrols a second factor once, whichever journey signs in first.
@pytest.fixture(scope="session")
def authenticator() -> Authenticator:
    return Authenticator()


@pytest.fixture
def context_factory(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        context = browser.new_context(**options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
