"""A small program whose behaviour is chosen by stack config, for the language host's engine tests."""

import os
import sys

import pulumi
from helper import GREETING_PREFIX

from tests.engine.fixture_provider import FileItem

config = pulumi.Config()
mode = config.get("mode") or "normal"
print(f"program-stdout-marker mode={mode} argv0={os.path.basename(sys.argv[0])}")
print("program-stderr-marker", file=sys.stderr)

item = FileItem(
    "greeting",
    directory=config.require("directory"),
    name=config.get("name") or "greeting",
    content=f"{GREETING_PREFIX} {config.get('who') or 'world'}",
)
pulumi.export("content", item.content)
pulumi.export("token", config.require_secret("token"))
pulumi.export("stack", pulumi.get_stack())
pulumi.export("project", pulumi.get_project())
pulumi.export("dry_run_seen", pulumi.runtime.is_dry_run())

if mode == "raise":
    raise ValueError("deliberate failure raised by the program")
if mode == "exit":
    sys.stdout.flush()
    os._exit(3)
