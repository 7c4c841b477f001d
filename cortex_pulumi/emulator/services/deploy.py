"""Emulator HTTP routes for the Cortex deploy resource."""

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
