"""Where the browser tools that scripts/install-browser-tools installs are: Debian's Chromium and mmdc."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

INSTALL = "scripts/install-browser-tools"
DEFAULT_MMDC = Path.home() / ".cache" / "cortex-pulumi" / "mermaid-cli-12.2.0" / "node_modules" / ".bin" / "mmdc"


def chromium() -> str:
    """Debian's Chromium (`CORTEX_CHROMIUM` overrides); fails, naming the installer, when it is missing."""
    path = os.environ.get("CORTEX_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(path).exists(), f"Chromium is not installed ({path}): run {INSTALL} (scripts/test does)"
    return path


def mmdc() -> str:
    """Mermaid's command-line renderer (`CORTEX_MMDC` overrides); fails, naming the installer, when missing."""
    path = Path(os.environ.get("CORTEX_MMDC") or DEFAULT_MMDC)
    assert path.exists(), f"mmdc (@mermaid-js/mermaid-cli) is not installed at {path}: run {INSTALL}"
    return str(path)
