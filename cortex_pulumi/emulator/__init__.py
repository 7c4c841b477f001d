"""A local Cortex API emulator (like moto for AWS): ``Emulator`` in-process or ``python -m cortex_pulumi.emulator``.

In-process use::

    from cortex_pulumi.emulator import Emulator
    with Emulator(api_keys={"admin-token": "ADMIN", "viewer-token": "VIEWER"}) as emu:
        requests.get(emu.url + "/api/v1/secrets", headers={"Authorization": "Bearer admin-token"})

Without ``api_keys`` the single key ``local-admin-token`` (role ADMIN) is accepted.
"""

from cortex_pulumi.emulator.server import Emulator
from cortex_pulumi.emulator.settings import DEFAULT_API_KEY, Settings

__all__ = ["DEFAULT_API_KEY", "Emulator", "Settings"]
