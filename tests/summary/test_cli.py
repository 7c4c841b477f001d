"""`cortex-pulumi summarize`: stdin or a file, Markdown or text, --output, --fail-on-delete, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.summary.goldens import data_path, golden_path

CLI = [sys.executable, "-m", "cortex_pulumi.cli", "summarize"]


def summarize(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, text=True, timeout=120, check=False)


def test_file_and_stdin_give_the_same_markdown() -> None:
    path = data_path("change")
    from_file = summarize(str(path), "--title", "Cortex preview: summary-check")
    from_stdin = summarize("--title", "Cortex preview: summary-check", stdin=path.read_text())
    assert from_file.returncode == 0 == from_stdin.returncode, from_file.stderr
    assert from_file.stdout == from_stdin.stdout == golden_path("change", "markdown").read_text()


def test_text_format_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "summary.txt"
    done = summarize(str(data_path("change")), "--format", "text", "--output", str(out), "--title",
                     "Cortex preview: summary-check")
    assert done.returncode == 0 and done.stdout == ""
    assert out.read_text() == golden_path("change", "text").read_text()


def test_fail_on_delete() -> None:
    deletes = summarize(str(data_path("change")), "--fail-on-delete")
    assert deletes.returncode == 1 and "--fail-on-delete" in deletes.stderr
    assert deletes.stdout.startswith("<!-- cortex-pulumi summarize")  # the summary is still written
    creates_only = summarize(str(data_path("create")), "--fail-on-delete")
    assert creates_only.returncode == 0, creates_only.stderr


def test_bad_input_exits_2_with_the_reason(tmp_path: Path) -> None:
    missing = summarize(str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr and missing.stdout == ""
    wrong = summarize(stdin='{"steps": [{"op": 1, "urn": "u"}]}')
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == "summarize: stdin: steps[0].op: missing or not a string"


def test_a_failed_preview_leads_with_its_errors_and_exits_1_in_both_formats() -> None:
    document = json.dumps({
        "steps": [{"op": "same", "urn": f"urn:pulumi:prod::infra::pulumi-python:dynamic/cortex:Team::t{i}"}
                  for i in range(3)],
        "diagnostics": [{"severity": "error", "message": "scorecard rules[2].level: 'Platinum' is not a ladder level"}],
    })
    text = summarize("--format", "text", stdin=document)
    assert text.returncode == 1 and "the preview failed" in text.stderr, text.stderr
    first, second = text.stdout.splitlines()[:2]
    assert first == "Cortex preview: THE PREVIEW FAILED", text.stdout
    assert "'Platinum' is not a ladder level" in second
    markdown = summarize(stdin=document)
    assert markdown.returncode == 1 and "**The preview failed:**" in markdown.stdout.split("**No changes")[0]


def test_drift_flag_words_a_preview_as_drift() -> None:
    from tests.summary.test_drift import ADA, LINUS, refreshed

    platform = {"team_tag": "platform", "name": "Platform", "members": [ADA]}
    document = json.dumps({"steps": refreshed("platform", platform, platform, {**platform, "members": [ADA, LINUS]})})
    plain = summarize("--format", "text", stdin=document)
    drift = summarize("--format", "text", "--drift", stdin=document)
    assert plain.returncode == 0 == drift.returncode, drift.stderr
    assert "Drift:" not in plain.stdout and "Member added" in plain.stdout
    assert ('Member "Linus Torvalds" was removed from team platform in Cortex; the next up adds it back'
            in drift.stdout), drift.stdout
