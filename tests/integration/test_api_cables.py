"""A cable's record, its raw bytes (or slice), its citations both ways, and export as NDJSON."""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Iterator

import httpx
import orjson
import pytest

from cablestream.infra.wiring import Wiring
from cablestream.parsing.formats.limits import MAX_MEMBER_BYTES
from cablestream.record import Cable, ReferenceDetail, Source
from tests.integration.test_api_support import cable, load, serve, sha

RUN = uuid.uuid4().hex[:5].upper()
A, B, C = f"08REF{RUN}1", f"09REF{RUN}2", f"09REF{RUN}3"


@pytest.fixture(scope="module")
def api(wiring: Wiring) -> Iterator[httpx.Client]:
    with serve(wiring) as client:
        yield client


def test_record_raw_and_slice(api: httpx.Client, wiring: Wiring) -> None:
    text = f"{A}\nSUBJECT\nbody {RUN}\n".encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("x/b.txt", f"{B} member {RUN}".encode())
        archive.writestr("c.txt", b"other")
    zipped = buffer.getvalue()
    load(wiring, [cable(A, source=Source(format="text", sha256=sha(text), name="a.txt"))], raw=text)
    load(wiring, [cable(B, source=Source(format="text", sha256=sha(zipped), name="up.zip!x/b.txt"))], raw=zipped)

    record = api.get(f"/v1/cables/{A.lower()}").json()
    assert Cable.model_validate(record).reference_id == A
    raw = api.get(f"/v1/cables/{A}/raw")
    assert raw.content == text and raw.headers["x-content-sha256"] == sha(text) == raw.headers["x-source-sha256"]
    member = api.get(f"/v1/cables/{B}/raw")
    assert member.content == f"{B} member {RUN}".encode()
    assert member.headers["x-source-sha256"] == sha(zipped) and member.headers["x-source-part"] == "member:x/b.txt"
    missing = api.get("/v1/cables/00NOWHERE1/raw")
    assert missing.status_code == 404 and missing.json()["param"] == "reference_id"


def test_raw_of_an_archive_bomb_is_a_422_not_an_inflated_member(api: httpx.Client, wiring: Wiring) -> None:
    # A real bomb: a member that inflates past the parser's MAX_MEMBER_BYTES from well under 1 MiB.
    bomb, rid = io.BytesIO(), f"09BOMB{RUN}"
    with zipfile.ZipFile(bomb, "w") as archive:
        info = zipfile.ZipInfo("bomb.txt")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            zeros = bytes(16 * 1024 * 1024)
            for _ in range(MAX_MEMBER_BYTES // len(zeros) + 1):
                member.write(zeros)
    data = bomb.getvalue()
    load(wiring, [cable(rid, source=Source(format="text", sha256=sha(data), name="up.zip!bomb.txt"))], raw=data)
    answer = api.get(f"/v1/cables/{rid}/raw")
    assert answer.status_code == 422 and answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["param"] == "reference_id" and "limits" in answer.json()["detail"]


def test_references_both_ways(api: httpx.Client, wiring: Wiring) -> None:
    detail = ReferenceDetail(id="09ASTANA497", label="A", raw="ASTANA 497", resolution="year_inferred")
    load(wiring, [cable(A), cable(B, references=[A, "07GONE1", "09ASTANA497"], references_detail=[detail]),
                  cable(C, references=[B], created="2009-05-01T00:00:00")])
    refs = api.get(f"/v1/cables/{B}/references").json()
    marks = [(c["reference_id"], c["in_archive"], c["indexed"], c["resolution"]) for c in refs["cites"]]
    assert marks == [(A, False, True, None), ("07GONE1", False, False, None),
                     ("09ASTANA497", True, False, "year_inferred")]
    assert refs["cited_by"]["total"] == 1 and refs["cited_by"]["items"][0]["reference_id"] == C
    assert api.get(f"/v1/cables/{A}/references").json()["cited_by"]["items"][0]["reference_id"] == B
    assert api.get("/v1/cables/00NOWHERE1/references").status_code == 404


def test_export_streams_every_record_of_a_result_set(api: httpx.Client, wiring: Wiring) -> None:
    tag = f"X{RUN}"
    load(wiring, [cable(f"06EXP{RUN}{i}", tags=[tag], created=f"2006-01-01T00:{i % 60:02d}:00")
                  for i in range(1234)])  # more than two pages of the scan
    lines = []
    with api.stream("GET", "/v1/export", params={"tag": tag, "sort": "oldest"}) as response:
        assert response.status_code == 200 and response.headers["content-type"] == "application/x-ndjson"
        lines = [orjson.loads(line) for line in response.iter_lines() if line]
    assert len(lines) == 1234 == len({r["reference_id"] for r in lines})
    assert all(Cable.model_validate(r) for r in lines[:50])
    assert [r["created"] for r in lines] == sorted(r["created"] for r in lines)
    assert api.get("/v1/export", params={"q": "(unclosed"}).status_code == 400
