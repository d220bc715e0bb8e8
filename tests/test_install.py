"""The newcomer's path: ``make demo`` installs what ``eventwire serve`` needs and says how to open the page.

The server is started from the console script of the install with every package that the base
install (``pip install -e .``, what ``make demo`` runs; no extras) would not bring refused at import:
if ``eventwire serve`` needed an extra, it would fail here as it does for a new user.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import httpx
import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))

# Installed in the child before eventwire: refuses top-level modules of distributions outside the base install.
BLOCKER = """
import sys, importlib.abc
ALLOWED = set(sys.argv.pop(1).split(","))
from importlib.metadata import packages_distributions
OWNERS = packages_distributions()
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        owners = {o.lower().replace("_", "-") for o in OWNERS.get(top, [])}
        if owners and not owners & ALLOWED:
            raise ImportError(f"{name} comes from {sorted(owners)}, which the base install does not bring")
        return None
sys.meta_path.insert(0, Refuse())
from eventwire.cli import app
sys.argv[0] = "eventwire"
app()
"""


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def base_install_closure(dist: str = "eventwire") -> set[str]:
    """Distributions that ``pip install DIST`` (no extras) installs, DIST included."""
    seen: set[str] = set()
    todo = [dist]
    while todo:
        name = _norm(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for spec in requires:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return seen


def test_make_demo_installs_the_base_package_and_prints_the_serve_command():
    # Run as a top-level make even under `make test` (a nested make would print its directory).
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "demo"], cwd=ROOT, capture_output=True, text=True, check=True, env=env
    ).stdout
    installs = [line for line in dry.splitlines() if " install " in line and "-e" in line]
    assert installs and all(line.rstrip().endswith("-e .") for line in installs), installs  # no extras
    assert "eventwire serve --db eventwire.duckdb" in dry.strip().splitlines()[-1]
    assert {"fastapi", "uvicorn"} <= base_install_closure()


def test_serve_runs_from_the_base_install(tmp_path):
    from test_server import build_fixture_db

    db = build_fixture_db(tmp_path / "demo.duckdb")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    allowed = ",".join(sorted(base_install_closure()))
    env = {**os.environ, "EVENTWIRE_INGEST_TOKEN": ""}
    proc = subprocess.Popen(
        [sys.executable, "-c", BLOCKER, allowed, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/stats", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"eventwire serve did not start: {proc.stdout.read().decode(errors='replace')}")
            time.sleep(0.2)
        page = httpx.get(f"{base}/")
        assert page.status_code == 200 and "/static/app.js" in page.text
        assert httpx.get(f"{base}/api/events").json()["total"] == 8
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_blocked_extra_would_be_caught(tmp_path):
    """The blocker works: a module outside the allowed set fails to import."""
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER.replace("from eventwire.cli import app", "import fastapi"), "eventwire"],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "the base install does not bring" in result.stderr


def test_serve_warns_when_the_token_leaves_this_machine():
    from eventwire.commands.serve import serve_warnings

    assert serve_warnings("127.0.0.1", "s3cret", []) == []
    assert serve_warnings("localhost", "s3cret", []) == []
    warnings = serve_warnings("0.0.0.0", "s3cret", ["events.example.org"])
    assert len(warnings) == 1 and "plain HTTP" in warnings[0]
    assert "plain HTTP" in serve_warnings("192.0.2.10", "s3cret", ["192.0.2.10"])[0]
    assert "--allowed-host" in serve_warnings("0.0.0.0", None, [])[0]
