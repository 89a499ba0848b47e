"""``make bench``: every figure next to a raw baseline measured in the same run.

  python -m bench [--corpus DIR] [--cables N] [--only parsing,extraction,pipeline,search,feed]

parsing     one core: cables/s and MB/s for text and HTML, against reading the same bytes
extraction  words/s against a bare nlp.pipe of the same model on the same texts; RSS; archive projection
pipeline    upload-to-searchable latency (p50/p95 of 20), 1,000-cable throughput through upload (50 files a
            request; one file a request from 8 clients) and through the directory feed, each against a raw
            OpenSearch index/bulk of the same records
search      p50/p95 with 8 concurrent clients over 10,000 cables, against the same queries sent raw
feed        bucket put to searchable (p50/p95), against enqueueing the same files directly
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

SECTIONS = ("parsing", "extraction", "pipeline", "search", "feed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
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
