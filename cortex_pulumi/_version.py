"""The package version (one place: setup.cfg reads it, the client's User-Agent sends it)."""

__version__ = "0.1.0"
