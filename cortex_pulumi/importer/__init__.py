"""Bring an existing Cortex tenant under Pulumi: read it (`reader`), write a Pulumi project (`project`),
and compare two tenants (`compare`)."""

from __future__ import annotations

from .reader import ALL_KINDS, DEFAULT_KINDS, ImportFailure, read_tenant
from .snapshot import Tenant

__all__ = ["ALL_KINDS", "DEFAULT_KINDS", "ImportFailure", "Tenant", "read_tenant"]
