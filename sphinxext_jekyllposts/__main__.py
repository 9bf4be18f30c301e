"""``python -m sphinxext_jekyllposts``: the ``jekyllposts`` command."""

import sys

from .cli import main

sys.exit(main())
