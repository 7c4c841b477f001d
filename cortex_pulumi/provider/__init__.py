"""Pulumi dynamic resources for Cortex: one module per resource key, shared machinery in `_base`."""
