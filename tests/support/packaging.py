"""Build the sdist and wheel the way a release would (`python -m build`), for the packaging and user-project tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def build_distributions(outdir: Path) -> tuple[Path, Path]:
    """(sdist, wheel) built from the repository into `outdir`; the build's output on failure."""
    # --no-isolation: the build tools come from the test environment (the dev extra), so no download is needed.
    result = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(outdir), str(ROOT)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    [sdist] = outdir.glob("*.tar.gz")
    [wheel] = outdir.glob("*.whl")
    return sdist, wheel
