"""Facts of Cortex's wire contract that the emulator, the client side and the provider all check against.

This package imports nothing else of `cortex_pulumi`: the emulator, which must not import the client or the
provider (a shared converter bug would cancel itself out), may use it, and so may the provider. It holds
data taken from the official API document (tests check each table against the repository's copy of it), and
the CQL grammar rule expressions are read with (cql.py: the emulator scores with it, the provider checks rules
at preview with it) — never conversion code.
"""
