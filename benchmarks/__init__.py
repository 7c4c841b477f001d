"""Performance benchmarks of cortex-pulumi against the local Cortex emulator (`python -m benchmarks.run`)."""
