"""Emulator HTTP routes for the Cortex exemption resource."""

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
