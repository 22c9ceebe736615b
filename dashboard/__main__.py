"""Allow ``python -m dashboard``."""

import sys

from dashboard.commands.main import main

sys.exit(main())
