"""``nemo-widgets run "remove all audio" clips/*.mp4 --out out/``, and its shortcuts ``mute`` and ``mp3``.

Each file is uploaded, edited with the instruction, exported and downloaded
(:func:`nemo_widgets.core.batch.process_many`), on the embedded engine unless
``--cloud`` is given; results land straight in ``--out`` named after their
sources, next to the batch's manifest. The exit codes are in
:data:`nemo_widgets.apps.cli_help.EXIT_CODES` (0 only when every file succeeded).
"""

from __future__ import annotations

import argparse
import glob
import os
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nemo_widgets.apps.cli_help import EXIT_CODES, add_command
from nemo_widgets.protocol.constants import ACCEPTED_EXTENSIONS, EXPORT_FORMATS, file_extension
from nemo_widgets.protocol.settings import PROFILES

__all__ = ["SHORTCUTS", "add_batch_commands", "run_batch"]

#: Interrupted by Ctrl-C, as a shell reports a process stopped by SIGINT.
INTERRUPTED_EXIT = 130


@dataclass(frozen=True)
class Shortcut:
    """A command that is ``run`` with a fixed instruction, skill profile and format."""

    instruction: str
    profile: str
    format: str
    help: str


SHORTCUTS = {
    "mute": Shortcut("remove all audio from this video", "video-audio-remover", "mp4",
                     "a silent MP4 of each video (the video-audio-remover skill)"),
    "mp3": Shortcut("extract the audio from this video", "video-to-mp3", "mp3",
                    "the audio of each file as an MP3 (the video-to-mp3 skill)"),
}  # fmt: skip


def add_batch_commands(sub: Any) -> None:
    """The ``run``, ``mute`` and ``mp3`` sub-commands on the CLI's sub-parsers."""
    run = add_command(sub, "run", "one instruction for many files: upload, edit, export and download each",
                      epilog=EXIT_CODES)  # fmt: skip
    run.add_argument("instruction", help='what to do to each file, e.g. "remove all audio from this video"')
    _files_and_options(run)
    run.add_argument("--format", choices=EXPORT_FORMATS, default=None,
                     help="the result's format (default: the agent's choice, else the profile's)")  # fmt: skip
    run.add_argument("--profile", choices=sorted(PROFILES), default=None,
                     help="the skill to speak as (default: $NEMO_PROFILE, else video-audio-remover)")  # fmt: skip
    for name, shortcut in SHORTCUTS.items():
        _files_and_options(add_command(sub, name, shortcut.help, epilog=EXIT_CODES))


def _files_and_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="media files, or folders (their media files)")
    parser.add_argument(
        "--out", default="nemo_exports", help="where results and the manifest go (default: nemo_exports)"
    )
    parser.add_argument("--cloud", action="store_true",
                        help="use the NemoVideo cloud (token from $NEMO_TOKEN, else a free anonymous one) instead "
                             "of the embedded engine")  # fmt: skip
    parser.add_argument("--resume", action="store_true",
                        help="finish an earlier run into the same --out: skip what is done, never render twice")  # fmt: skip
    parser.add_argument("--concurrency", type=_positive, default=4, help="files at once (default: 4)")
    parser.add_argument("--dask", metavar="ADDRESS", default=None,
                        help="run the files on a Dask cluster's workers (scheduler address, e.g. tcp://host:8786)")  # fmt: skip


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def expand_files(given: Sequence[str]) -> list[Path]:
    """The files named: a folder gives its media files (sorted, not recursive), a pattern the shell left
    unexpanded is expanded, and anything else is kept as given (so a missing file gets its own sentence)."""
    found: list[Path] = []
    for text in given:
        path = Path(text).expanduser()
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and file_extension(p.name) in ACCEPTED_EXTENSIONS)
        elif not path.exists() and glob.has_magic(text):
            found += [Path(p) for p in sorted(glob.glob(os.path.expanduser(text)))] or [path]
        else:
            found.append(path)
    return found


def run_batch(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """Run the batch the parsed command describes; the exit code."""
    from nemo_widgets.apps.batch_report import BatchReport
    from nemo_widgets.core.batch import process_many_sync
    from nemo_widgets.core.batch_engines import stop_worker_engines

    shortcut = SHORTCUTS.get(args.command)
    instruction = shortcut.instruction if shortcut else args.instruction
    files = expand_files(args.files)
    report = BatchReport(len(files))
    if not files:
        report.console.print("No media files in the folders given. Name files, or folders holding MP4, MOV, MP3...")
        return 1
    options = _options(args, shortcut, report)
    try:
        options["executor"] = _dask_client(args.dask) if args.dask else None
    except RuntimeError as exc:
        report.console.print(str(exc))
        return 1
    if args.dask:  # a worker runs elsewhere: it needs paths that do not depend on this shell's folder
        files, options["output_dir"] = [p.absolute() for p in files], Path(args.out).absolute()
    try:
        with report:
            items = process_many_sync(files, instruction, **options)
    except KeyboardInterrupt:
        report.close()
        stop_worker_engines()
        _tell_how_to_resume(report, Path(args.out), argv)
        return INTERRUPTED_EXIT
    finally:
        if options["executor"] is not None:
            options["executor"].close()
    report.summary(items, items.manifest_path)
    return 0 if all(item.ok for item in items) else 1


def _options(args: argparse.Namespace, shortcut: Shortcut | None, report: Any) -> dict[str, Any]:
    """``process_many``'s options for the command: results named after their sources, straight in ``--out``."""
    return {
        "concurrency": args.concurrency,
        "format": shortcut.format if shortcut else args.format,
        "profile": shortcut.profile if shortcut else args.profile,
        "output_dir": args.out,
        "resume": args.resume,
        "flat": True,
        "on_update": report.on_update,
        "local_engine": not args.cloud,
    }


def _dask_client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise RuntimeError("--dask needs Dask: pip install 'nemo-widgets[dask]'") from None
    try:
        return Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise RuntimeError(f"Could not reach the Dask scheduler at {address} ({type(exc).__name__}).") from None


def _tell_how_to_resume(report: Any, out: Path, argv: Sequence[str]) -> None:
    from nemo_widgets.core.manifest import Manifest

    with Manifest(out) as manifest:
        counts, path = manifest.counts(), manifest.path
    done = counts.get("done", 0)
    again = list(argv) if "--resume" in argv else [*argv, "--resume"]
    report.console.print(
        f"Stopped: {done} of {sum(counts.values())} files done; the manifest ({path}) keeps where each one got, "
        "and nothing finished is redone. To finish, run:",
        markup=False,
    )
    report.console.print(f"  {shlex.join(['nemo-widgets', *again])}", markup=False)
