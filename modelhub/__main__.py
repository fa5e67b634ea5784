"""``modelhub``: with no command, the desktop window; with a command, the command line."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``modelhub`` script."""
    from modelhub.cli.main import parse_args, run
    from modelhub.logs import configure_logging
    from modelhub.paths import app_paths

    given = sys.argv[1:] if argv is None else argv
    for arg in given:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:  # bytes that were not UTF-8, decoded with surrogateescape
            shown = arg.encode("utf-8", "backslashreplace").decode("ascii", "replace")
            print(
                f"modelhub: usage error: the argument {shown!r} is not valid UTF-8 text",
                file=sys.stderr,
            )
            return 2
    args = parse_args(given)
    configure_logging(app_paths())
    if args.command is None:
        from modelhub.app import main as gui_main

        return gui_main(args)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
