"""Connection options shared by subcommands: base URL and the name of the token's environment variable."""

from __future__ import annotations

import argparse
import os
import re

from ..client import CortexClient
from ..client.settings import Settings

__all__ = ["add_connection_options", "client_from_args", "connection_values"]

_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def add_connection_options(parser: argparse.ArgumentParser, prefix: str = "", what: str = "the tenant") -> None:
    """--{prefix}base-url, --{prefix}token-env and --{prefix}allow-insecure-http (never a token itself)."""
    group = parser.add_argument_group(f"connection to {what}")
    group.add_argument(f"--{prefix}base-url", metavar="URL",
                       help="Cortex API root (default: CORTEX_BASE_URL, else https://api.getcortexapp.com)")
    group.add_argument(f"--{prefix}token-env", metavar="NAME", default="CORTEX_API_TOKEN",
                       help="name of the environment variable holding the API token (default: CORTEX_API_TOKEN); "
                            "tokens are never accepted on the command line")
    group.add_argument(f"--{prefix}allow-insecure-http", action="store_true",
                       help="allow http:// to a host other than loopback")


def connection_values(args: argparse.Namespace, prefix: str = "") -> dict[str, object]:
    """`Settings.from_config` values from the parsed options; raises ValueError with a one-line cause."""
    key = prefix.replace("-", "_")
    name = getattr(args, f"{key}token_env")
    if not _ENV_NAME.match(name or ""):
        # Not echoed: a token pasted here by mistake must not reach the terminal or a CI log.
        raise ValueError(f"--{prefix}token-env takes the NAME of an environment variable (letters, digits, _), "
                         "not a token")
    token = os.environ.get(name, "")
    if not token:
        raise ValueError(f"no Cortex API token: the environment variable {name} is not set or empty "
                         f"(export {name}=... or pick another with --{prefix}token-env)")
    values: dict[str, object] = {"apiToken": token,
                                 "baseUrl": getattr(args, f"{key}base_url") or os.environ.get("CORTEX_BASE_URL")}
    if getattr(args, f"{key}allow_insecure_http"):
        values["allowInsecureHttp"] = True
    return {k: v for k, v in values.items() if v}


def client_from_args(args: argparse.Namespace, prefix: str = "") -> CortexClient:
    """A client for the tenant the options name; ValueError / CortexConfigError carry the one-line cause."""
    return Settings.from_config(connection_values(args, prefix), env={}).client()
