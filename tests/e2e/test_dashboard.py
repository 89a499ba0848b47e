"""The dashboard in a real headless Chromium: it loads, its figures match the JSON API, Retry works.

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``: JSON messages
separated by NUL bytes on file descriptors 3 and 4), which needs no websocket client and no driver.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import io
import json
import math
import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cablestream.auth.keys import KeyStore
from cablestream.infra.queue import TASK_PARSE
from cablestream.pipeline.messages import ParseFile
from cablestream.search.indexing import bulk_upsert
from cablestream.state import throughput
from cablestream.state.failures import Failure
from cablestream.state.jobs import FileEntry
from tests.conftest import REPO
from tests.e2e.conftest import System

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOT = REPO / ".cablestream" / "screenshots" / "dashboard.png"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--window-size=1400,1000", "--remote-debugging-pipe"]

# No skip: `make test` installs Debian's chromium (deploy/local/fetch.sh); without it this must fail.
assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"


class Browser:
    """One Chromium page, driven by DevTools commands; each call waits for its own reply."""

    def __init__(self, profile: Path) -> None:
        to_chrome, self._out = os.pipe()
        self._in, from_chrome = os.pipe()
        # bash moves the pipe ends to the descriptors Chromium expects (3: commands in, 4: replies out);
        # they are first moved above 9 so that neither is already 3 or 4 when the other is put there.
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_chrome, from_chrome)]
        for fd in (to_chrome, from_chrome):
            os.close(fd)
        script = f'exec "$0" "$@" 3<&{high[0]} 4>&{high[1]}'
        self.proc = subprocess.Popen(["/bin/bash", "-c", script, CHROMIUM, *FLAGS, f"--user-data-dir={profile}"],
                                     pass_fds=high, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)  # its own group: close() ends every helper
        for fd in high:
            os.close(fd)
        self._buffer = b""
        self._next_id = 0
        try:
            target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
            self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                     session=False)["sessionId"]
        except BaseException:
            self.close()
            raise

    def call(self, method: str, params: dict[str, Any] | None = None, session: bool = True,
             timeout: float = 30) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self._next_id:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    result: dict[str, Any] = reply["result"]
                    return result
            if not select.select([self._in], [], [], max(0.0, deadline - time.monotonic()))[0]:
                raise TimeoutError(f"no reply to {method} in {timeout}s")
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk

    def evaluate(self, expression: str) -> Any:
        reply = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                               "awaitPromise": True})
        if "exceptionDetails" in reply:
            raise RuntimeError(f"{expression}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def screenshot(self, path: Path) -> None:
        # Capture the whole page, not just the viewport, so every table is on the picture.
        height = self.evaluate("document.documentElement.scrollHeight")
        self.call("Emulation.setDeviceMetricsOverride", {"width": 1400, "height": max(int(height), 1000),
                                                         "deviceScaleFactor": 1, "mobile": False})
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        os.close(self._out)
        os.close(self._in)
        # Chromium's helpers (renderer, crashpad) may outlive the browser and keep writing the profile:
        # end the whole group, so the profile directory can be removed.
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(timeout=10)
                break
            except subprocess.TimeoutExpired:
                continue


def eventually(check: Callable[[], object], timeout: float = 15, message: str = "") -> None:
    """The page polls every 2 s: a figure may be one poll behind the API, never more for long."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        last = check()
        if last is True:
            return
        time.sleep(0.5)
    raise AssertionError(f"{message}: {last}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with tempfile.TemporaryDirectory(prefix="cs-chromium-", ignore_cleanup_errors=True) as profile:
        page = Browser(Path(profile))
        try:
            yield page
        finally:
            page.close()


@pytest.fixture(scope="module")
def seeded(system: System) -> dict[str, str]:
    """A job in mid-flight, a retryable failure, three indexed cables and 15 minutes of throughput."""
    w = system.wiring
    files = [FileEntry(i, f"cables-{i}.txt", f"{i:02x}" * 32, 2048 * (i + 1), False) for i in range(4)]
    job_id = w.jobs.create(files, source="e2e-dashboard")
    w.jobs.update_file(job_id, 0, state="parsed", cables=2)
    w.jobs.update_file(job_id, 1, state="parsed", cables=1)
    w.jobs.update_file(job_id, 2, state="parsing")
    w.jobs.add(job_id, "parsed", ["01DASH1", "01DASH2", "01DASH3"])
    w.jobs.add(job_id, "indexed", ["01DASH1", "01DASH2"])
    # Bytes no format knows, stored as an upload would: a retry parses them again and meets the same
    # failure (the file's record for that reason), which then counts one more attempt.
    sha = w.store.put_file(io.BytesIO(b"\x00\xff\xfe\x00\x01 dashboard mystery bytes")).sha256
    failure_id = w.failures.record(Failure(
        stage="parse", error_type="UnknownFormat", message="no parser matches <b>these bytes</b>",
        job_id=job_id, sha256=sha, name="mystery.bin", group="UnknownFormat", retryable=True, task=TASK_PARSE,
        retry_message=ParseFile(
            job_id=job_id, index=3, sha256=sha, name="mystery.bin").encode()))
    w.jobs.add_failure(job_id, failure_id)
    records = [{"reference_id": rid, "subject": f"dashboard seed {rid}", "body": "text", "tags": ["KZ"],
                "source": {"format": "text", "sha256": None, "name": None, "index": 0}, "parser_version": "t"}
               for rid in ("01DASH1", "01DASH2", "01DASH3")]
    bulk_upsert(w.search, w.settings.index_alias, records, refresh=True)
    now = time.time()
    for i in range(90):  # a shape worth drawing: two waves, index following parse
        throughput.record(w.redis, "parse", round(30 + 20 * math.sin(i / 9)), now=now - 900 + i * 10)
        throughput.record(w.redis, "index", round(28 + 18 * math.sin((i - 4) / 9)), now=now - 895 + i * 10)
    return {"job_id": job_id, "failure_id": failure_id}


def _dom_figures(browser: Browser, stages: list[str]) -> dict[str, float | None]:
    ids = ["index-documents", "index-size", "failures-open"] + [
        f"stage-{s}-{f}" for s in stages for f in ("backlog", "rate", "eta")]
    script = (f"Object.fromEntries({json.dumps(ids)}.map(id => "
              "[id, document.querySelector(`[data-testid='${id}']`)?.dataset.value]))")
    values: dict[str, str | None] = browser.evaluate(script)
    return {k: _number(v) for k, v in values.items()}


def _api_figures(system: System) -> dict[str, float | None]:
    stats = system.api.get("/v1/stats").json()
    figures = {"index-documents": stats["index"]["documents"], "index-size": stats["index"]["size_bytes"],
               "failures-open": stats["failures_open"]}
    for s in stats["stages"]:
        figures |= {f"stage-{s['stage']}-backlog": s["backlog"], f"stage-{s['stage']}-rate": s["rate_per_second"],
                    f"stage-{s['stage']}-eta": s["eta_seconds"]}
    return {k: _number(v) for k, v in figures.items()}


def _number(value: object) -> float | None:
    """A figure as a number: the page writes 0 where the API says 0.0, and "" for null."""
    return None if value is None or value == "" else float(str(value))


@pytest.fixture(scope="module")
def admin_key(system: System) -> str:
    _, token = KeyStore(system.wiring.redis).create("e2e-dashboard", ["admin"])
    return str(token)


def _open(browser: Browser, url: str) -> None:
    """Navigate and wait for two polls of the new document (the old one is marked, so it cannot pass)."""
    browser.evaluate("window.csOld = true")
    browser.call("Page.navigate", {"url": url})
    state = "({polls: Number(document.body?.dataset.polls || 0), old: !!window.csOld, url: location.href, " \
            "text: document.body?.innerText.slice(0, 300)})"

    def ready() -> object:
        now = browser.evaluate(state)
        return (now["polls"] >= 2 and not now["old"]) or now

    eventually(ready, message="the page never polled twice")


def test_dashboard_needs_an_admin_key(system: System, admin_key: str) -> None:
    url = f"{system.api.base_url}/dashboard"
    assert httpx.get(url).status_code == 401
    read_only = KeyStore(system.wiring.redis).create("e2e-dashboard-read", ["read"])[1]
    assert httpx.get(url, params={"key": read_only}).status_code == 403
    page = httpx.get(url, params={"key": admin_key})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "HttpOnly" in page.headers["set-cookie"] and "Path=/dashboard" in page.headers["set-cookie"]
    assert page.headers["referrer-policy"] == "no-referrer"
    assert not re.search(r'(src|href)="(https?:)?//', page.text)  # no CDN: every asset is served here
    assert httpx.get(f"{system.api.base_url}/static/dashboard.js").status_code == 200


def test_dashboard_shows_the_api_figures_live(system: System, browser: Browser, seeded: dict[str, str],
                                              admin_key: str) -> None:
    _open(browser, f"{system.api.base_url}/dashboard?key={admin_key}")
    assert browser.evaluate("location.search") == ""  # the key left the address bar for sessionStorage
    assert browser.evaluate("sessionStorage.getItem('cablestream.key')") == admin_key
    _open(browser, f"{system.api.base_url}/dashboard")  # a reload is admitted by the page's cookie
    assert browser.evaluate("document.querySelector('[data-testid=status]').dataset.state") == "live"

    stages = [s["stage"] for s in system.api.get("/v1/stats").json()["stages"]]
    eventually(lambda: _dom_figures(browser, stages) == _api_figures(system) or
               (_dom_figures(browser, stages), _api_figures(system)), message="figures differ from /v1/stats")
    series_total = browser.evaluate("document.querySelector('[data-testid=stage-parse-chart]').dataset.total")
    assert int(series_total) > 0  # the seeded history is drawn

    job = system.api.get(f"/v1/jobs/{seeded['job_id']}").json()
    states = browser.evaluate(
        f"document.querySelector('[data-testid=job-{seeded['job_id']}-toggle]').click();"
        f"new Promise(r => setTimeout(r, 100)).then(() => [...document.querySelectorAll("
        f"'[data-testid^=job-{seeded['job_id']}-file-]')].map(row => row.dataset.state))")
    assert states == [f["state"] for f in job["files"]] == ["parsed", "parsed", "parsing", "queued"]
    done = browser.evaluate(f"document.querySelector('[data-testid=job-{seeded['job_id']}-files-done]').textContent")
    assert done == f"{job['counts']['files_done']} / {job['counts']['files']}"

    failure = f"failure-{seeded['failure_id']}"
    reason = browser.evaluate(f"document.querySelector('[data-testid={failure}-reason]').textContent")
    assert reason == "no parser matches <b>these bytes</b>"  # shown as text, never as markup
    SCREENSHOT.unlink(missing_ok=True)
    browser.screenshot(SCREENSHOT)
    assert SCREENSHOT.stat().st_size > 10_000


def test_retry_button_requeues_the_failure(system: System, browser: Browser, seeded: dict[str, str],
                                           admin_key: str) -> None:
    failure = f"failure-{seeded['failure_id']}"
    _open(browser, f"{system.api.base_url}/dashboard?key={admin_key}")
    browser.evaluate(f"document.querySelector('[data-testid={failure}-retry]').click()")
    eventually(lambda: browser.evaluate(
        f"document.querySelector('[data-testid={failure}-result]')?.textContent") == "queued again (1)",
        message="the Retry button showed no result")
    # The parse worker takes the message again; no format knows the bytes, so the same failure comes back
    # with one more attempt, and the page follows.
    def attempts() -> object:
        api = system.api.get(f"/v1/failures/{seeded['failure_id']}").json()["attempts"]
        page = browser.evaluate(f"document.querySelector('[data-testid={failure}-attempts]')?.dataset.value")
        return (api >= 2 and page == str(api)) or (api, page)

    eventually(attempts, timeout=30, message="the retried failure did not come back with one more attempt")
