"""``modelhub``: with no command, the desktop window; with a command, the command line."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``modelhub`` script."""
    from modelhub.cli.main import parse_args, run
    from modelhub.logs import configure_logging
    from modelhub.paths import app_paths

    args = parse_args(sys.argv[1:] if argv is None else argv)
    configure_logging(app_paths())
    if args.command is None:
        from modelhub.app import main as gui_main

        return gui_main(args)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
