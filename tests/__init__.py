"""The test suite of cortex_pulumi."""
