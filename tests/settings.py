"""Settings for the test suite: the app's own, in development mode unless told otherwise."""

import os

os.environ.setdefault("DEBUG", "true")

from factcheck.settings import *  # noqa: E402,F403
