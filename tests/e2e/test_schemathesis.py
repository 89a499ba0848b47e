"""Schema-driven fuzzing of both live services (the e2e system) with schemathesis' Python API: no
server error, no response that breaks the service's own OpenAPI document.  Bounded examples per
operation keep the run to a minute or two; every failing operation is reported, not just the first."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.e2e.conftest import System

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 20
# The event stream never ends by design (tests/integration/test_api_changes.py exercises it).
SKIP = {"/v1/changes/stream"}


def _fuzz(base_url: str, key: str) -> dict[str, str]:
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    failures: dict[str, str] = {}
    for result in schema.get_all_operations():
        if isinstance(result, Err):  # the document itself is broken: no operation to fuzz
            raise result.err()
        operation = result.ok()
        if operation.path in SKIP:
            continue

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS, timeout=30)

        try:
            run()
        except Exception as err:  # collect, so one run names every operation at fault
            failures[operation.label] = f"{type(err).__name__}: {str(err)[:1500]}"
    return failures


@pytest.mark.parametrize("service", ["api", "upload"])
def test_services_conform_to_their_openapi(system: System, service: str) -> None:
    client: httpx.Client = getattr(system, service)
    failures = _fuzz(str(client.base_url).rstrip("/"), system.key)
    assert not failures, "\n\n".join(f"{op}:\n{why}" for op, why in failures.items())
