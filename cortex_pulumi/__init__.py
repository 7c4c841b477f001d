"""Manage Cortex (the internal developer portal) as code from Pulumi programs."""

__all__: list[str] = []
