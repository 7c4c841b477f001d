"""Emulator HTTP routes for the Cortex team resource."""

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
