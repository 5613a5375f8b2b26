"""`python -m scoring` runs the CLI."""

import sys

from .cli import program

sys.exit(program())
