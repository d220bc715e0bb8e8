"""Property-based API tests: schemathesis generates requests from the OpenAPI spec.

Every documented operation is called with generated parameters (valid and invalid);
no response may be a 5xx, and every response must match what the spec declares.
Bounded: a few examples per operation, against the app in process.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import positive_data_acceptance  # noqa: E402

from eventwire.server import make_app  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from test_server import build_fixture_db  # noqa: E402

# schemathesis needs the schema when tests are collected (its pytest fixture loader does
# not work with pytest 9), so the small fixture database is built at import time.
_TMP = tempfile.TemporaryDirectory(prefix="eventwire-schema-")
# Without a token POST /api/ingest answers 403 before reading the body, so the fuzzer
# never runs the pipeline; test_server covers ingest with a token.
# The in-process client sends its own Host name; the Host allow-list is tested in test_server.
_APP = make_app(build_fixture_db(Path(_TMP.name) / "schema.duckdb"), hosts=["*"])
schema = schemathesis.openapi.from_asgi("/openapi.json", _APP)


@pytest.fixture(scope="module", autouse=True)
def _cleanup():
    yield
    _APP.state.db.close()
    _TMP.cleanup()


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_spec(case):
    # The API refuses some requests the spec's types allow (since after until, with a clear 422), so the
    # check that every schema-valid request succeeds does not apply; every other check does.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
