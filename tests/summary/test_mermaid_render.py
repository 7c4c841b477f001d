"""The summaries' Mermaid diagrams drawn by the real renderer: mmdc (@mermaid-js/mermaid-cli) on Debian's Chromium."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.summary import hierarchy_cases as cases
from tests.summary.goldens import rendered
from tests.summary.test_hierarchy_picture import diagrams
from tests.support.browser import chromium, mmdc

pytestmark = pytest.mark.timeout(300)


def _documents() -> dict[str, str]:
    out = {name: rendered(make(), "markdown") for name, make in {**cases.GOLDEN_CASES, **cases.BAD_CASES}.items()}
    return {name: text for name, text in out.items() if diagrams(text)}


def test_every_diagram_renders_with_mermaid(tmp_path: Path) -> None:
    documents = _documents()
    names = list(documents)
    source = tmp_path / "diagrams.md"
    source.write_text("\n".join(f"## {name}\n\n```mermaid\n" + "\n".join(diagrams(text)[0]) + "\n```\n"
                                for name, text in documents.items()))
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": chromium(), "args": ["--no-sandbox"]}))
    run = subprocess.run([mmdc(), "--quiet", "-p", str(config), "-i", str(source), "-o", str(tmp_path / "out.md"),
                          "-a", str(tmp_path)], capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr[-3000:]
    svgs = {name: (tmp_path / f"out-{index}.svg").read_text() for index, name in enumerate(names, 1)}
    for name, svg in svgs.items():
        assert "Syntax error" not in svg and "<script" not in svg.lower(), name
        assert svg.count('class="node') >= 2 and "flowchart" in svg, name
    visible = {name: html.unescape(re.sub(r"<[^>]+>", " ", svg)) for name, svg in svgs.items()}
    assert "Machine learning" in visible["hierarchy-new-subtree"]
    assert "<script>alert('x')</script>" in visible["hostile"]  # shown as text, not run
    assert 'A]-->B["pwned"]' in visible["hostile"]
    assert "<img src=x onerror=alert(1)>" in visible["hostile-tags"]
    assert "Every change" not in visible["hierarchy-reorganisation"]  # the note is Markdown, not in the diagram
