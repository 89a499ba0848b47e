"""``python -m services.feed dir DIR`` or ``python -m services.feed bucket [NAME]``: run one feed until stopped."""

from __future__ import annotations

import argparse

from cablestream.feeds.runner import run_feed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m services.feed", description=__doc__)
    parser.add_argument("kind", choices=["dir", "bucket"])
    parser.add_argument("target", nargs="?", help="directory to watch, or bucket (default: settings.feed_bucket)")
    args = parser.parse_args(argv)
    if args.kind == "dir" and not args.target:
        parser.error("dir needs a directory")
    run_feed(args.kind, args.target)


if __name__ == "__main__":
    main()
