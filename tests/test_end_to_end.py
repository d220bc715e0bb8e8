"""The Foundation's end-to-end check: the CLI on the machine-translated sample, scored by the shared scorer."""

import json
import subprocess
import sys
from pathlib import Path

ZAOBAO = "zaobao-2023-03-17-china-russia"
LENIENT_F1_FLOOR = 0.4  # the general (trained) coder on this machine-translated article: 0.405 (floors.json)


def eventwire(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eventwire", *args], capture_output=True, text=True, timeout=600)


def test_end_to_end_extract_then_shared_scorer(shared_dir: Path, tmp_path: Path):
    proc = eventwire("extract", str(shared_dir / "articles" / f"{ZAOBAO}.txt"), "--date", "2023-03-17")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines and all(json.loads(line)["doc"] == ZAOBAO for line in lines)  # stdout holds records only
    predictions = tmp_path / "out.jsonl"
    predictions.write_text(proc.stdout, encoding="utf-8")
    scored = subprocess.run(
        [
            sys.executable,
            str(shared_dir / "eval" / "score_events.py"),
            str(shared_dir / "gold" / f"{ZAOBAO}.events.jsonl"),
            str(predictions),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(scored.stdout[: scored.stdout.rindex("}") + 1])
    assert result["lenient"]["f1"] >= LENIENT_F1_FLOOR, result["lenient"]
