"""Entry point for ``python -m stretchapp``."""

import sys

from stretchapp.cli.main import main

sys.exit(main())
