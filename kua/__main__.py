"""`python -m kua`: the `kua` command, as the installed script starts it."""

from kua.start import run

run()
