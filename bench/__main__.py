"""``make bench``: every figure next to a raw baseline measured in the same run.

  python -m bench [--corpus DIR] [--cables N] [--only pipeline,parsing,extraction]
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

SECTIONS = ("parsing", "extraction", "pipeline")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=None, help="corpus dir (default: repo samples and fixtures)")
    parser.add_argument("--cables", type=int, default=1000, help="cables through the pipeline")
    parser.add_argument("--only", default=",".join(SECTIONS))
    args = parser.parse_args(argv)
    results: dict[str, Any] = {}
    for section in args.only.split(","):
        results[section] = _run(section, args)
        print(f"== {section} ==\n{json.dumps(results[section], indent=2)}", flush=True)
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2))
    return 0


def _run(section: str, args: argparse.Namespace) -> Any:
    module = importlib.import_module(f"bench.{section}")
    if section == "pipeline":
        return module.run(args.corpus, cables=args.cables)
    if section == "extraction":
        return module.run(args.corpus / "text" if args.corpus else None)
    return module.run(args.corpus)


if __name__ == "__main__":
    sys.exit(main())
