"""The ``nemo-widgets`` command line: ``run`` (and its shortcuts ``mute``, ``mp3``: many files, one instruction),
``serve`` (the embedded engine), ``clean`` (its retention) and ``lab``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from nemo_widgets.apps.batch_cli import SHORTCUTS, add_batch_commands, run_batch
from nemo_widgets.apps.cli_help import DESCRIPTION, EPILOG, add_command


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nemo-widgets",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    add_batch_commands(sub)

    serve = add_command(sub, "serve", "run the embedded local engine (the NemoVideo API on 127.0.0.1)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=int, default=8765, help="port (default: 8765; 0 picks a free one)")
    serve.add_argument("--data-dir", default=None, help="where uploads, renders and state live")
    _retention_args(serve)

    clean = add_command(sub, "clean", "remove the engine's old sessions, uploads and renders (retention rules)")
    clean.add_argument(
        "--data-dir",
        default=None,
        help="the engine folder (default: $NEMO_ENGINE_DIR, else ~/.cache/nemo-widgets/engine)",
    )
    _retention_args(clean)

    lab = add_command(sub, "lab", "start JupyterLab on the quickstart notebook (embedded engine, no account needed)")
    lab.add_argument(
        "--dir", default=None, help="notebook folder (default: ./notebooks if present, else ~/nemo-widgets)"
    )
    lab.add_argument("--port", type=int, default=8888, help="JupyterLab port (default: 8888)")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser")
    lab.add_argument("lab_args", nargs=argparse.REMAINDER, help="further arguments for jupyter lab (after --)")
    return parser


def _retention_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--keep-days",
        type=float,
        default=None,
        help="remove sessions, uploads and renders not used for this many days "
        "(default: $NEMO_ENGINE_KEEP_DAYS, else 7; 0 keeps everything)",
    )
    parser.add_argument(
        "--max-size",
        default=None,
        help="keep the engine folder under this size, least recently used first, e.g. 2G, 500M "
        "(default: $NEMO_ENGINE_MAX_SIZE, else 2G; 0: no cap)",
    )


def _retention(args: argparse.Namespace) -> dict[str, float | int]:
    from nemo_widgets.local.settings import parse_size  # lazy: the engine is the optional [local] extra

    chosen: dict[str, float | int] = {}
    if args.keep_days is not None:
        chosen["keep_days"] = args.keep_days
    if args.max_size is not None:
        chosen["max_size_bytes"] = parse_size(args.max_size)
    return chosen


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    if args.command == "run" or args.command in SHORTCUTS:
        return run_batch(args, argv)
    if args.command in ("serve", "clean"):
        try:
            retention = _retention(args)
        except ValueError as exc:
            parser.error(str(exc))
    if args.command == "serve":
        from nemo_widgets.local.server import serve_forever  # lazy: the [local] extra (starlette, uvicorn)

        return serve_forever(host=args.host, port=args.port, data_dir=args.data_dir, **retention)
    if args.command == "clean":
        from nemo_widgets.local.server import clean  # lazy: the [local] extra

        return clean(args.data_dir, **retention)
    if args.command == "lab":
        from nemo_widgets.apps.lab import launch_lab  # lazy: `serve` and `clean` never need the Lab

        extra = [a for a in args.lab_args if a != "--"]
        return launch_lab(args.dir, port=args.port, open_browser=not args.no_browser, extra=extra)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
