"""Emulator HTTP routes for the Cortex workflow resource."""

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
