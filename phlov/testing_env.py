"""Loaded by pytest before Django (``-p phlov.testing_env`` in pyproject.toml).

It only marks the process as a test run, so that settings give a throw-away SECRET_KEY and
fast password hashing; it must not import Django.
"""

import os

os.environ.setdefault("PHLOV_TESTING", "1")
