"""A module beside the program, to show that the program directory is importable."""

GREETING_PREFIX = "hello"
