"""The words of ``nemo-widgets --help`` and of each command's ``--help``: plain text, as argparse prints it."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["DESCRIPTION", "EPILOG", "EXIT_CODES", "add_command"]

DESCRIPTION = """\
The NemoVideo agent from the command line: one instruction for many files, the
embedded engine, or JupyterLab on the quickstart notebook. No account is
needed: the engine runs on this machine (--cloud makes a batch command use the
NemoVideo cloud instead)."""

EPILOG = """\
examples:
  nemo-widgets mute clips/ --out silent/
  nemo-widgets run "remove all audio from this video" a.mp4 b.mov
  nemo-widgets lab

"nemo-widgets COMMAND --help" describes each command."""

#: The batch commands' exit codes, as their --help tells a script.
EXIT_CODES = """\
exit status: 0 when every file succeeded, 1 when some failed, 130 after Ctrl-C
(what is done is kept; run the same command with --resume to finish), 2 for a
usage error."""


def add_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str, **more: Any
) -> argparse.ArgumentParser:
    """A command whose own --help starts with the summary the command list shows (plain text, kept as written)."""
    return sub.add_parser(
        name,
        help=summary,
        description=f"{summary[0].upper()}{summary[1:]}.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        **more,
    )
