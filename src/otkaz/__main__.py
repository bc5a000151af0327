"""`python -m otkaz ARGS` runs the command line, like the `otkaz` script."""

from otkaz.cli import app

app(prog_name="otkaz")
