"""Build the sdist and wheel the way a release would (`python -m build`), for the packaging and user-project tests.

A build writes into the checkout (``*.egg-info``, ``build/``), so builds of one checkout take turns
(`checkout_build_lock`, also held by tests that run `pip wheel` on it), and a test run builds the
distributions once: the first test that asks builds them into the run's directory (``CORTEX_TEST_RUN_DIR``,
set by tests/conftest.py and shared by the xdist workers), later ones get copies.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The directory of one test run, shared by its xdist workers (tests/conftest.py sets it).
RUN_DIR_VARIABLE = "CORTEX_TEST_RUN_DIR"


@contextlib.contextmanager
def checkout_build_lock() -> Iterator[None]:
    """Held while something builds from this checkout: one build at a time, across processes."""
    digest = hashlib.sha256(str(ROOT).encode()).hexdigest()[:16]
    with open(Path(tempfile.gettempdir()) / f"cortex-pulumi-build-{digest}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build(outdir: Path) -> tuple[Path, Path]:
    # --no-isolation: the build tools come from the test environment (the dev extra), so no download is needed.
    result = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(outdir), str(ROOT)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    [sdist] = outdir.glob("*.tar.gz")
    [wheel] = outdir.glob("*.whl")
    return sdist, wheel


def build_distributions(outdir: Path) -> tuple[Path, Path]:
    """(sdist, wheel) of the repository in `outdir` (built once per test run); the build's output on failure."""
    run_dir = os.environ.get(RUN_DIR_VARIABLE)
    with checkout_build_lock():
        if not run_dir:
            return _build(outdir)
        shared = Path(run_dir) / "distributions"
        if not (shared / "done").exists():
            shutil.rmtree(shared, ignore_errors=True)
            _build(shared)
            (shared / "done").touch()
    outdir.mkdir(parents=True, exist_ok=True)
    copies = [Path(shutil.copy2(built, outdir)) for built in sorted(shared.iterdir()) if built.name != "done"]
    [sdist] = [c for c in copies if c.name.endswith(".tar.gz")]
    [wheel] = [c for c in copies if c.suffix == ".whl"]
    return sdist, wheel


#: Entries of this environment's site-packages a user's virtualenv must not borrow: this checkout's editable
#: install (the package must come from the wheel) and the installers, which the virtualenv has its own of.
_NOT_BORROWED = ("cortex_pulumi", "__editable__", "pip", "setuptools", "_distutils_hack", "distutils-precedence")


def borrowed_dependencies(directory: Path) -> Path:
    """A directory of links to this environment's installed packages, without cortex_pulumi itself: on a user
    virtualenv's PYTHONPATH it stands in for PyPI (pip sees the dependencies installed; none is downloaded)."""
    import sysconfig

    directory.mkdir(parents=True)
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.startswith(_NOT_BORROWED) and entry.suffix != ".pth":
            (directory / entry.name).symlink_to(entry)
    return directory


def user_environment(home: Path, borrowed: Path, path: list[str]) -> dict[str, str]:
    """The environment of a user's shell with no package index: pip takes cortex-pulumi from a wheel directory
    (PIP_FIND_LINKS, as the README's Install says) and its dependencies from `borrowed`."""
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV", "PULUMI_",
                                                                    "CORTEX_"))}
    env.update(HOME=str(home), PATH=os.pathsep.join(path), PYTHONPATH=str(borrowed), PIP_NO_INDEX="1",
               PIP_DISABLE_PIP_VERSION_CHECK="1", PULUMI_SKIP_UPDATE_CHECK="true")
    return env
