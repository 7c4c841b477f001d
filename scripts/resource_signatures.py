"""Generate each resource's typed constructor (overloads as Pulumi's generated SDKs have them) from its `*Args` class.

For a resource `Team` declared in its kind's package `provider/team/` this writes `provider/team/_signature.py`
(beside a kind kept in one module, `provider/x.py`: `provider/_x_signature.py`): a `TeamSignature` base class whose
`__init__` has two overloads — `resource_name, opts` and every input as a typed keyword, or `args: TeamArgs` —
and one `<Name>ArgsDict` TypedDict per `*Args` class, so IDEs, mypy and pyright know every argument. Types,
required inputs and descriptions come from the `*Args` classes (cortex_pulumi/provider/_reference.py reads
them); `--check` fails when a generated file has drifted from them.
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cortex_pulumi.provider import _reference  # noqa: E402

_ARGS = re.compile(r"\b([A-Z]\w*Args)\b")
_WIDTH = 110


def resources() -> list[type]:
    """Every public resource class of the package, in `__all__` order."""
    import cortex_pulumi
    from cortex_pulumi.provider._resource import CortexResource

    found = [getattr(cortex_pulumi, name) for name in cortex_pulumi.__all__]
    return [c for c in found if isinstance(c, type) and issubclass(c, CortexResource) and "_args_type" in vars(c)]


def target(resource: type) -> tuple[Path, str]:
    """(file, module name) of the resource's generated constructor, beside the module that declares it."""
    module = sys.modules[resource.__module__]
    source = Path(str(module.__file__))
    if source.name == "__init__.py":
        return source.parent / "_signature.py", f"{resource.__module__}._signature"
    parent = resource.__module__.rsplit(".", 1)[0]
    return source.parent / f"_{source.stem}_signature.py", f"{parent}._{source.stem}_signature"


def _relative(from_module: str, to_module: str) -> str:
    """`from_module`'s relative import of `to_module` (both in this package)."""
    here, there = from_module.split(".")[:-1], to_module.split(".")
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    return "." * (len(here) - common + 1) + ".".join(there[common:])


def _typed(annotation: str) -> str:
    """An input's annotation, nested `*Args` also accepted as their dictionaries."""
    return _ARGS.sub(r"\1 | \1Dict", annotation)


def _typed_dict(cls: type) -> list[str]:
    inputs = _reference.fields(cls)
    required = [f for f in inputs if f.required]
    optional = [f for f in inputs if not f.required]
    name = f"{cls.__name__}Dict"
    doc = f'    """`{cls.__name__}` as a dictionary (the same keys), for data tables and `**row`."""'
    if required and optional:
        lines = [f"class _{name}Required(TypedDict):"]
        lines += [f"    {f.name}: {_typed(f.annotation)}" for f in required]
        lines += ["", "", f"class {name}(_{name}Required, total=False):", doc, ""]
        return lines + [f"    {f.name}: {_typed(f.annotation)}" for f in optional]
    header = f"class {name}(TypedDict):" if required else f"class {name}(TypedDict, total=False):"
    return [header, doc, ""] + [f"    {f.name}: {_typed(f.annotation)}" for f in inputs]


def _param_doc(resource: type, args_type: type) -> list[str]:
    defaults = getattr(resource._provider_type, "fields", {})
    entries = [("resource_name", "The unique name of the resource in the program."),
               ("opts", "Options of the resource (`pulumi.ResourceOptions`)."),
               ("args", f"All inputs as one `{args_type.__name__}`, instead of keyword arguments.")]
    for field in _reference.fields(args_type):
        kind, default, doc = _reference.describe(field, defaults)
        entries.append((field.name, f"({', '.join(filter(None, (kind, default)))}) {doc}"))
    lines = []
    for name, text in entries:
        lines += textwrap.wrap(f":param {name}: {text}", _WIDTH - 8, subsequent_indent="    ")
    return ["        " + line for line in lines]


def _constructor(resource: type) -> list[str]:
    name, args_type = resource.__name__, resource._args_type
    keywords = []
    for field in _reference.fields(args_type):
        default = "" if field.required else " = None"
        keywords.append(f"        {field.name}: {_typed(field.annotation)}{default},")
    return [
        f"class {name}Signature(CortexResource):",
        f'    """`{name}`\'s constructor: `{name}(resource_name, opts=None, *, <inputs>)` or '
        f'`{name}(resource_name, args, opts=None)`."""',
        "",
        "    @overload",
        "    def __init__(",
        "        self,",
        "        resource_name: str,",
        "        opts: pulumi.ResourceOptions | None = None,",
        "        *,",
        *keywords,
        "    ) -> None: ...",
        "",
        "    @overload",
        f"    def __init__(self, resource_name: str, args: {args_type.__name__},",
        "                 opts: pulumi.ResourceOptions | None = None) -> None: ...",
        "",
        "    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:",
        f'        """Declare a `{name}`: every input as a keyword argument, or all of them as `args=`.',
        "",
        *_param_doc(resource, args_type),
        '        """',
        "        super().__init__(resource_name, *args, **kwargs)",
    ]


def _by_module(classes: list[type]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for cls in classes:
        found.setdefault(cls.__module__, []).append(cls.__name__)
    return found


def _import(head: str, names: list[str]) -> str:
    """One import statement, wrapped one name a line as ruff's isort wraps it when too long."""
    line = f"{head} {', '.join(names)}"
    if len(line) <= _WIDTH:
        return line
    indent = head[: len(head) - len(head.lstrip())]
    return f"{head} (\n" + "".join(f"{indent}    {n},\n" for n in names) + f"{indent})"


def render(resource: type) -> str:
    """The text of one resource's generated module."""
    _, module = target(resource)
    args_type = resource._args_type
    classes = [*reversed(_reference.nested_args(args_type)), args_type]
    body: list[str] = []
    for cls in classes:
        body += _typed_dict(cls) + ["", ""]
    body += _constructor(resource)
    text = "\n".join(body)
    abc = sorted(n for n in ("Mapping", "Sequence") if re.search(rf"\b{n}\[", text))
    exported = sorted([f"{c.__name__}Dict" for c in classes] + [f"{resource.__name__}Signature"])
    head = [
        f'"""`{resource.__name__}`\'s typed constructor and its arguments as dictionaries (generated by '
        'scripts/resource_signatures.py --write; do not edit)."""',
        "",
        "from __future__ import annotations",
        "",
        *([f"from collections.abc import {', '.join(abc)}"] if abc else []),
        "from typing import TYPE_CHECKING, Any, TypedDict, overload",
        "",
        "import pulumi",
        "",
        f"from {_relative(module, 'cortex_pulumi.provider._resource')} import CortexResource",
        "",
        "if TYPE_CHECKING:",
        *(_import(f"    from {_relative(module, where)} import", sorted(group))
          for where, group in sorted(_by_module(classes).items())),
        "",
        "__all__ = [" + ", ".join(f'"{n}"' for n in exported) + "]",
        "",
        "",
        "",
    ]
    return "\n".join(head) + text + "\n"


#: The comments that open and close a generated run of star imports inside an `if TYPE_CHECKING:` block.
_OPEN, _CLOSE = "    # kinds: one star import each (scripts/resource_signatures.py --write)", "    # end kinds"


def _star_imports(package: Path) -> list[str]:
    """The generated lines of one package's export block, by discovery."""
    if package == ROOT / "cortex_pulumi":
        from cortex_pulumi.provider.kinds import kinds, package_of

        modules = sorted("." + package_of(spec).removeprefix("cortex_pulumi.") for spec in kinds())
    else:  # every public model module; `common` exports a chosen few by name, above the generated lines
        modules = sorted(f".{m.stem}" for m in package.glob("*.py") if not m.stem.startswith("_") and m.stem != "common")
    return [f"    from {module} import *" for module in modules]


def export_block(init: Path) -> str:
    """`init` (a package's `__init__.py`) with its generated star imports current."""
    text = init.read_text(encoding="utf-8")
    start, end = text.index(_OPEN) + len(_OPEN), text.index(_CLOSE)
    return text[:start] + "\n" + "\n".join(_star_imports(init.parent)) + "\n" + text[end:]


EXPORT_BLOCKS = (ROOT / "cortex_pulumi" / "__init__.py", ROOT / "cortex_pulumi" / "client" / "models" / "__init__.py")


def generated() -> dict[Path, str]:
    """Every generated file (or file with a generated block) -> its wanted text."""
    wanted = {target(resource)[0]: render(resource) for resource in resources()}
    return {**wanted, **{init: export_block(init) for init in EXPORT_BLOCKS}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="rewrite the generated modules")
    mode.add_argument("--check", action="store_true", help="exit 1 when a generated module is stale")
    options = parser.parse_args(argv)
    stale = []
    for path, wanted in generated().items():
        if path.exists() and path.read_text() == wanted:
            continue
        if options.write:
            path.write_text(wanted)
        else:
            stale.append(str(path.relative_to(ROOT)))
    if stale:
        print(f"stale generated code: {', '.join(stale)}: run scripts/resource_signatures.py --write",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
