"""A trivial dynamic provider for language-host tests: each resource is a small JSON file in a directory."""

from __future__ import annotations

import contextlib
import json
import os
from typing import Any

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    Resource,
    ResourceProvider,
    UpdateResult,
)

_FIELDS = ("directory", "name", "content")


def _path(props: dict[str, Any]) -> str:
    return os.path.join(props["directory"], f"{props['name']}.json")


def _outs(props: dict[str, Any]) -> dict[str, Any]:
    return {key: props[key] for key in _FIELDS if key in props}


class FileItemProvider(ResourceProvider):
    """Files stand in for a remote API so that the host can be tested with no server at all."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        failures = [
            CheckFailure(key, f"{key} must be a string")
            for key in _FIELDS
            if key in news and not isinstance(news[key], (str, pulumi.output.Unknown))
        ]
        return CheckResult(news, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = [key for key in _FIELDS if olds.get(key) != news.get(key)]
        replaces = [key for key in changed if key in ("directory", "name")]
        return DiffResult(changes=bool(changed), replaces=replaces, delete_before_replace=True)

    def create(self, props: dict[str, Any]) -> CreateResult:
        with open(_path(props), "w", encoding="utf-8") as handle:
            json.dump({"content": props["content"]}, handle)
        return CreateResult(props["name"], _outs(props))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            with open(_path(props), encoding="utf-8") as handle:
                stored = json.load(handle)
        except FileNotFoundError:
            return ReadResult("", {})
        return ReadResult(id_, {**_outs(props), "content": stored["content"]})

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        with open(_path(news), "w", encoding="utf-8") as handle:
            json.dump({"content": news["content"]}, handle)
        return UpdateResult(_outs(news))

    def delete(self, _id: str, props: dict[str, Any]) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.remove(_path(props))


class FileItem(Resource, module="test", name="FileItem"):
    """One JSON file `<directory>/<name>.json` holding `content`."""

    content: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        directory: pulumi.Input[str],
        name: pulumi.Input[str],
        content: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = {"directory": directory, "name": name, "content": content}
        super().__init__(FileItemProvider(), resource_name, props, opts)
