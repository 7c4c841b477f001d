"""A Python language host for the Pulumi CLI: runs file-based Pulumi programs (`runtime: python`)."""

from cortex_pulumi.langhost.server import LanguageHost, serve

__all__ = ["LanguageHost", "serve"]
