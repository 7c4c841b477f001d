"""Golden summaries: the stages of tests/engine/programs/summary, their preview documents and rendered summaries.

`CORTEX_UPDATE_GOLDEN=1` makes the engine test rewrite the files from the previews it just produced; otherwise
every test compares against them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from cortex_pulumi.summary import FORMATS, from_document, render, summarize

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
GOLDEN = HERE / "golden"
#: preview name -> what it shows: every object created, one of every change at once, every object deleted.
STAGES = ("create", "change", "delete")
EXTENSIONS = {"markdown": "md", "text": "txt"}
UPDATE = os.environ.get("CORTEX_UPDATE_GOLDEN") == "1"


def rendered(document: Any, fmt: str) -> str:
    return render(summarize(from_document(document)), fmt, title="Cortex preview: summary-check")


def golden_path(stage: str, fmt: str) -> Path:
    return GOLDEN / f"{stage}.{EXTENSIONS[fmt]}"


def data_path(stage: str) -> Path:
    return DATA / f"{stage}.json"


def stable(document: dict[str, Any]) -> dict[str, Any]:
    """The document without what changes from run to run and is no input of a summary (timings)."""
    return {k: v for k, v in document.items() if k != "duration"}


def check_or_update(stage: str, document: dict[str, Any]) -> None:
    """Compare the summaries of `document` with the goldens (or rewrite both and the document)."""
    for fmt in FORMATS:
        path, text = golden_path(stage, fmt), rendered(document, fmt)
        if UPDATE:
            path.write_text(text)
        assert path.exists(), f"{path} is missing: run the engine test with CORTEX_UPDATE_GOLDEN=1"
        assert text == path.read_text(), f"the {fmt} summary of the {stage} preview differs from {path}"
    if UPDATE:
        data_path(stage).write_text(json.dumps(stable(document), indent=1, sort_keys=True) + "\n")
