"""``/v1/export`` when OpenSearch fails: before the first record a 503 problem, after it an explicit last
error line and a cleanly ended stream, never a body that merely stops.

The outages are real.  Before the stream: the API points at a closed port.  Mid-stream: the API
reaches the real OpenSearch through a plain TCP relay on loopback that forwards the first requests of
the export (open the point in time, read the first page) and then shuts, so the next page meets a
closed port, whatever the timing of the client."""

from __future__ import annotations

import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit

import orjson
from typer.testing import CliRunner

from cablestream.cli.main import app
from cablestream.infra.wiring import Wiring
from devtools.localsystem import free_port
from tests.integration.test_api_support import cable, load, serve

RUN = uuid.uuid4().hex[:6].upper()
RECORDS = 1100  # three pages of the export's scan (500 a page)


class Relay:
    """Forwards TCP to ``target`` for the first ``requests`` HTTP requests, then closes for good."""

    def __init__(self, target: tuple[str, int], requests: int) -> None:
        self.target, self.left = target, requests
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = [self.listener]
        self.lock = threading.Lock()
        self.closed = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, requests: bool) -> None:
        with suppress(OSError):
            while data := src.recv(65536):
                if requests:  # each request line ends in " HTTP/1.1\r\n" (JSON bodies escape CR LF)
                    with self.lock:
                        self.left -= data.count(b" HTTP/1.1\r\n")
                        if self.left < 0:
                            self.close()
                            return
                dst.sendall(data)
        with suppress(OSError):
            dst.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        self.closed.set()
        for sock in self.sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


@contextmanager
def relayed(wiring: Wiring, requests: int) -> Iterator[Wiring]:
    url = urlsplit(wiring.settings.opensearch_url)
    relay = Relay((url.hostname or "127.0.0.1", url.port or 9200), requests)
    try:
        yield Wiring(wiring.settings.model_copy(update={"opensearch_url": f"http://127.0.0.1:{relay.port}"}))
    finally:
        relay.close()



def test_export_with_opensearch_down_before_the_first_record_is_a_503(wiring: Wiring) -> None:
    broken = Wiring(wiring.settings.model_copy(update={"opensearch_url": f"http://127.0.0.1:{free_port()}"}))
    with serve(broken) as api:
        response = api.get("/v1/export", params={"tag": "KZ"})
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "retry-after" in response.headers and response.json()["backend"] == "opensearch"


def test_export_failing_mid_stream_ends_with_an_error_line(wiring: Wiring) -> None:
    tag = f"XR{RUN}"
    load(wiring, [cable(f"06EXR{RUN}{i}", tags=[tag], created=f"2006-02-01T00:{i % 60:02d}:00")
                  for i in range(RECORDS)])
    with relayed(wiring, requests=2) as proxied, serve(proxied) as api, \
            api.stream("GET", "/v1/export", params={"tag": tag, "sort": "oldest"}) as response:
        assert response.status_code == 200
        lines = [orjson.loads(line) for line in response.iter_lines() if line]  # ends cleanly: no error
    *records, last = lines
    assert 0 < len(records) < RECORDS and all("reference_id" in r for r in records)
    assert len({r["reference_id"] for r in records}) == len(records)
    error = last["error"]
    assert error["status"] == 503 and error["backend"] == "opensearch", error
    assert error["records_sent"] == len(records) and "OpenSearch" in error["detail"]


def test_export_without_failure_has_records_only(wiring: Wiring) -> None:
    tag = f"XK{RUN}"
    load(wiring, [cable(f"06EXK{RUN}{i}", tags=[tag]) for i in range(3)])
    with serve(wiring) as api:
        lines = [orjson.loads(line) for line in api.get("/v1/export", params={"tag": tag}).iter_lines() if line]
    assert sorted(r["reference_id"] for r in lines) == [f"06EXK{RUN}{i}" for i in range(3)]


def test_the_cli_export_stops_with_an_error_and_keeps_only_records(wiring: Wiring, tmp_path: Path) -> None:
    tag = f"XC{RUN}"
    load(wiring, [cable(f"06EXC{RUN}{i}", tags=[tag], created=f"2006-03-01T00:{i % 60:02d}:00")
                  for i in range(RECORDS)])
    out = tmp_path / "export.ndjson"
    with relayed(wiring, requests=2) as proxied, serve(proxied) as api:
        key = api.headers["Authorization"].removeprefix("Bearer ")
        result = CliRunner().invoke(app, ["export", "--tag", tag, "-o", str(out), "--url", str(api.base_url),
                                          "--key", key])
    assert result.exit_code == 1, result.output
    assert "export stopped after" in result.output
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert 0 < len(records) < RECORDS and all("reference_id" in r for r in records)
