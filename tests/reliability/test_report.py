"""RELIABILITY.md under pytest-xdist: the workers' rows reach the controller, which writes the report once."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.reliability.report import REPO_ROOT, REPORT_PATH, today

RAN = ("tests/reliability/test_security_emulator.py::test_keys_are_compared_in_constant_time",
       "tests/reliability/test_security_client.py::test_plain_http_to_loopback_is_allowed_and_https_anywhere")
#: In the same modules, deselected: its row stays as it was.
KEPT = "tests/reliability/test_security_emulator.py::test_path_and_sql_looking_tags_are_literal_or_refused"


def _rows(path: Path) -> dict[str, dict[str, object]]:
    match = re.search(r"<!-- reliability-data\n(.*?)\n-->", path.read_text(encoding="utf-8"), re.S)
    assert match, f"no data block in {path}"
    rows: dict[str, dict[str, object]] = json.loads(match.group(1))
    return rows


def test_two_workers_report_into_one_file(tmp_path: Path) -> None:
    report = tmp_path / "RELIABILITY.md"
    before = _rows(REPORT_PATH)
    stale = {key: {**row, "date": "2000-01-01", "result": "FAIL"} for key, row in before.items()}
    report.write_text("# stale copy\n\n<!-- reliability-data\n" + json.dumps(stale) + "\n-->\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "xdist", "-n", "2", "--dist", "loadgroup", "-p", "no:cacheprovider", "-q",
         *(key.split("::")[0] for key in RAN), "-k", "constant_time or loopback"],
        cwd=REPO_ROOT, env={**os.environ, "CORTEX_RELIABILITY_REPORT": str(report)}, capture_output=True, text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"\b2 passed\b", run.stdout), run.stdout
    after = _rows(report)
    for key in RAN:  # one row from each worker (a module's tests stay on one worker)
        assert after[key]["result"] == "PASS" and after[key]["date"] == today(), key
    assert after[KEPT] == stale[KEPT]
    assert set(after) == set(stale), "rows of the other modules are kept"
    assert f"2 of {len(stale)} scenarios passed on their last run." in report.read_text(encoding="utf-8")
