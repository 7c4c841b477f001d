"""Connection options shared by subcommands: base URL and the name of the token's environment variable."""

from __future__ import annotations

import argparse
import os
import re

from ..client import CortexClient
from ..client.settings import ENV_FALLBACK, Settings
from ..config import no_stack_config, settings_from_stack

__all__ = ["add_connection_options", "client_from_args", "settings_from_args"]

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


def settings_from_args(args: argparse.Namespace, prefix: str = "") -> Settings:
    """The tenant's `Settings` from the parsed options, the environment standing in as it does for a stack
    (``CORTEX_BASE_URL``, ...), the token read from the variable the options name. Raises ValueError or
    CortexConfigError with a one-line cause."""
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
    # The named variable takes the place of CORTEX_API_TOKEN, so one lookup order serves every caller.
    env = {**os.environ, ENV_FALLBACK["apiToken"]: token}
    return settings_from_stack(no_stack_config, env, baseUrl=getattr(args, f"{key}base_url"),
                               allowInsecureHttp=getattr(args, f"{key}allow_insecure_http") or None)


def client_from_args(args: argparse.Namespace, prefix: str = "") -> CortexClient:
    """A client for the tenant the options name; ValueError / CortexConfigError carry the one-line cause."""
    return CortexClient(settings=settings_from_args(args, prefix))
