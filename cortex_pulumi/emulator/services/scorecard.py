"""Emulator HTTP routes for the Cortex scorecard resource."""

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
