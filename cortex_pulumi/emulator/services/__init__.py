"""Emulator services: one module per Cortex API area, each exposing ``routes: list[BaseRoute]``."""
