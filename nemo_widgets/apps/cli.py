"""The ``nemo-widgets`` command line: ``serve`` (the embedded engine) and ``lab``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nemo-widgets", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the embedded local engine (the NemoVideo API on 127.0.0.1)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=int, default=8765, help="port (default: 8765; 0 picks a free one)")
    serve.add_argument("--data-dir", default=None, help="where uploads, renders and state live")

    lab = sub.add_parser("lab", help="start JupyterLab on the quickstart notebook (embedded engine, no account needed)")
    lab.add_argument("--dir", default=None, help="notebook folder (default: ./notebooks if present, else ~/nemo-widgets)")
    lab.add_argument("--port", type=int, default=8888, help="JupyterLab port (default: 8888)")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser")
    lab.add_argument("lab_args", nargs=argparse.REMAINDER, help="further arguments for jupyter lab (after --)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        from nemo_widgets.local.server import serve_forever

        return serve_forever(host=args.host, port=args.port, data_dir=args.data_dir)
    if args.command == "lab":
        from nemo_widgets.apps.lab import launch_lab

        extra = [a for a in args.lab_args if a != "--"]
        return launch_lab(args.dir, port=args.port, open_browser=not args.no_browser, extra=extra)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
