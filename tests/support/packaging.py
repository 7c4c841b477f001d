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
