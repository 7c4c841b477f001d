"""`LocalCortex`: an in-process Cortex emulator with a known ADMIN key, as the `cortex_emulator` fixture gives it."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..client import CortexClient
    from ..emulator.server import Emulator

#: The ADMIN key of the emulators the fixtures start.
DEFAULT_TEST_KEY = "cortex-test-admin-key"


class LocalCortex:
    """A started emulator (in this process, on a free port of 127.0.0.1) and the key that opens it."""

    def __init__(self, api_key: str = DEFAULT_TEST_KEY, **emulator_options: Any) -> None:
        from ..emulator import Emulator  # the emulator extra; the plugin says how to install it when missing

        self.api_key = api_key
        options = {"rate_limit": 1_000_000, **emulator_options}
        self.emulator: Emulator = Emulator(api_keys={api_key: "ADMIN"}, **options)

    def start(self) -> LocalCortex:
        self.emulator.start()
        return self

    def stop(self) -> None:
        self.emulator.stop()

    def __enter__(self) -> LocalCortex:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The base URL to give as ``cortex:baseUrl`` / ``CORTEX_BASE_URL``."""
        return self.emulator.url

    def config(self) -> dict[str, str]:
        """The stack config a program needs to reach this emulator."""
        return {"cortex:baseUrl": self.url, "cortex:apiToken": self.api_key}

    def client(self) -> CortexClient:
        """A REST client for this emulator (to look at what a program created)."""
        from ..client import CortexClient

        return CortexClient(base_url=self.url, api_token=self.api_key, rate_limit_per_minute=None)

    def register_entity(self, tag: str, type: str = "service", *, name: str | None = None,
                        groups: Sequence[str] = (), custom_data: Mapping[str, Any] | None = None,
                        owners: Mapping[str, Any] | None = None, description: str | None = None) -> dict[str, Any]:
        """Add (or update) a catalog entity — a service, say — that a program's exemptions, deploys and scorecards
        refer to: Cortex has entities besides teams, the API creates none. Returns the entity as Cortex shows it."""
        return self.emulator.register_entity(tag, type, name=name, groups=tuple(groups),
                                             custom_data=dict(custom_data or {}), owners=dict(owners or {}),
                                             description=description)

    def seed(self, data: Mapping[str, Any] | str | os.PathLike[str]) -> None:
        """Load seed data — a mapping of sections (``entities``, ``teams``, ...) or a seed file, in the format of
        ``cortex-emulator --seed`` — into this emulator, all of it or nothing (ValueError naming the problem)."""
        from ..emulator.seed import apply_seed, load_seed_file

        sections = load_seed_file(os.fspath(data)) if isinstance(data, (str, os.PathLike)) else dict(data)
        if self.emulator.store is None:
            raise RuntimeError("seed() needs a started emulator (the fixture's is)")
        apply_seed(self.emulator.store, sections)

    def requests(self, method: str | None = None, path_prefix: str | None = None) -> list[dict[str, Any]]:
        """The emulator's request log (method, path, status; never bodies or keys)."""
        return self.emulator.requests(method, path_prefix)
