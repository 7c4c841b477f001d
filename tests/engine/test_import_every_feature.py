"""An imported project previews first time: a tenant holding every workflow action type and every scorecard
descriptor feature is imported (nothing needs attention) and its first `pulumi preview` has no error."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from tests.engine.harness import Emulator, PulumiWorkspace, Stack, diagnostics_text
from tests.engine.test_import import SECRET_LINE, cli
from tests.support.every_feature import every_feature_seed


def test_every_feature_imports_and_previews_without_error(workspace: PulumiWorkspace,
                                                          tmp_path_factory: pytest.TempPathFactory) -> None:
    directory = tmp_path_factory.mktemp("every")
    (directory / "seed.yaml").write_text(yaml.safe_dump(every_feature_seed()))
    server = Emulator(directory, seed=directory / "seed.yaml")
    try:
        out: Path = workspace.root / "projects" / "every"
        out.parent.mkdir(parents=True, exist_ok=True)
        done = cli("import", "--out", str(out), "--base-url", server.base_url, "--project-name", "every",
                   token=server.token)
        assert "need attention" not in done.stderr
        assert len(list((out / "workflows").glob("*.yaml"))) == 16
        (out / "venv").symlink_to(Path(sys.prefix), target_is_directory=True)  # as test_import.py: the named venv
        stack = Stack(workspace, out, "every").init()
        server.configure_stack(stack)
        for key, tag in SECRET_LINE.findall(done.stdout):
            stack.set_config(key, f"value-of-{tag}", secret=True)
        before = server.last_seq()
        preview = stack.preview(check=None)
        assert preview.returncode == 0, diagnostics_text(preview)
        assert "error" not in diagnostics_text(preview).lower()
        assert server.writes_since(before) == []
    finally:
        server.stop()
