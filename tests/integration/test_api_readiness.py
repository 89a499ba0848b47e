"""``/readyz`` names the backing server that is not ready and a fixed reason class, never the client
library's message: the route is open to anyone.  The failures are real: settings point a server at a
closed port on loopback, or carry a wrong password."""

from __future__ import annotations

from fastapi.testclient import TestClient
from pydantic import SecretStr

from cablestream.infra.wiring import Wiring
from devtools.localsystem import free_port
from services.api.app import create_app as api_app
from services.upload.app import create_app as upload_app

SERVERS = {"redis", "minio", "opensearch", "broker"}


def _ready(settings: object, upload: bool = False) -> tuple[int, dict[str, object]]:
    with TestClient((upload_app if upload else api_app)(settings)) as client:  # type: ignore[arg-type]
        answer = client.get("/readyz")
    return answer.status_code, answer.json()


def test_every_server_answering_is_ready(wiring: Wiring) -> None:
    status, body = _ready(wiring.settings)
    assert status == 200 and body == {"status": "ok", "checks": dict.fromkeys(SERVERS, "ok")}


def test_servers_that_do_not_answer_are_unreachable_and_nothing_else_is_said(wiring: Wiring) -> None:
    down = wiring.settings.model_copy(update={
        "redis_url": f"redis://127.0.0.1:{free_port()}/0", "s3_endpoint": f"127.0.0.1:{free_port()}",
        "opensearch_url": f"http://127.0.0.1:{free_port()}"})
    for upload in (False, True):
        status, body = _ready(down, upload)
        assert status == 503 and body == {"status": "unavailable", "checks": dict.fromkeys(SERVERS, "unreachable")}


def test_a_server_that_turns_us_away_is_refused(wiring: Wiring) -> None:
    wrong = "not-the-password-" + free_port().__str__()
    settings = wiring.settings.model_copy(update={"redis_password": SecretStr(wrong),
                                                  "opensearch_url": f"http://127.0.0.1:{free_port()}"})
    status, body = _ready(settings)
    assert status == 503
    assert body["checks"] == {"redis": "refused", "broker": "refused", "minio": "ok", "opensearch": "unreachable"}
    assert wrong not in str(body)
