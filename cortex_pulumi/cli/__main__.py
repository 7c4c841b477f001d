"""`python -m cortex_pulumi.cli`: the same as the `cortex-pulumi` console script."""

import sys

from .commands import main

sys.exit(main())
