"""Parser evaluation over a corpus: fill rates, metadata-vs-text agreement, text-vs-HTML agreement.

  python -m bench.evaluate CORPUS_DIR [--json]

Every file under CORPUS_DIR is parsed (text, HTML, CSV, archives).  Three tables:
- fill: per field and per format, the share of cables where the field is not empty;
- metadata vs text (HTML pages): does the table agree with the cable text it heads (level vs the
  body's marking, reference id serial vs the body's opening line, created vs the DTG day, origin vs FM);
- text vs HTML: for cables published in both, the share of fields with identical values;
- REF citations by how they were resolved (exact, corrected, year_inferred, unresolved), with the share of
  their ids that exist in the archive; and the REF quirks of tests/fixtures/ref_kinds.json, per kind.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from cablestream.parsing import ParseFailure, parse_bytes
from cablestream.parsing.archive import archive
from cablestream.parsing.build import opening_line
from cablestream.parsing.citations import Citing
from cablestream.parsing.classification import level_of
from cablestream.parsing.fill import FillRates
from cablestream.parsing.ids import split_id
from cablestream.parsing.refs import parse_refs
from cablestream.record import Cable

KINDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "ref_kinds.json"
CROSS_FIELDS = ("classification", "classification_level", "origin", "caveats", "transmission_id", "precedence",
                "dtg", "from", "to", "info", "pass_to", "eo", "declassify_on", "classified_by", "tags", "subject",
                "references", "summary", "comment", "paragraphs", "signers", "sections", "partial")


def parse_corpus(corpus: Path) -> tuple[list[Cable], list[ParseFailure]]:
    cables: list[Cable] = []
    failures: list[ParseFailure] = []
    for path in sorted(p for p in corpus.rglob("*") if p.is_file() and "reference" not in p.parts):
        if path.name.lower() in {"readme.md", "license", "license-cablemap.txt"}:
            continue
        for outcome in parse_bytes(path.read_bytes(), name=str(path.relative_to(corpus))):
            if isinstance(outcome, ParseFailure):
                failures.append(outcome)
            else:
                cables.append(outcome)
    return cables, failures


def fill_table(cables: list[Cable]) -> dict[str, object]:
    by_format: dict[str, FillRates] = defaultdict(FillRates)
    overall = FillRates()
    for cable in cables:
        by_format[cable.source.format].add(cable)
        overall.add(cable)
    return {"all": overall.report(), **{fmt: rates.report() for fmt, rates in sorted(by_format.items())}}


def metadata_agreement(cables: list[Cable]) -> dict[str, dict[str, object]]:
    """For table-bearing formats: where both sides state a value, how often they agree."""
    checks: dict[str, Counter[str]] = defaultdict(Counter)
    for c in cables:
        if c.source.format not in {"html-2010", "html-2011", "csv"}:
            continue
        opening = opening_line(c.body)
        if opening is not None:
            _tally(checks["level_vs_body_marking"], c.classification_level, level_of(opening.group("marking")))
            parts = split_id(c.reference_id)
            _tally(checks["id_serial_vs_body_opening"], parts[2] if parts else None,
                   opening.group("serial").lstrip("0") or "0")
        _tally(checks["created_day_vs_dtg_day"], (c.created or "")[:10] or None, (c.dtg or "")[:10] or None)
        origin_city = re.sub(r"^(Embassy|Consulate|Mission|USUN|Secretary of)\s+", "", c.origin or "").upper()
        fm = c.from_.name if c.from_ and c.from_.name else None
        _tally(checks["origin_vs_fm"], origin_city or None, fm, contains=True)
    return {name: _rate(counter) for name, counter in checks.items()}


def _tally(counter: Counter[str], a: str | None, b: str | None, contains: bool = False) -> None:
    if a is None or b is None:
        counter["missing"] += 1
        return
    agree = (a.replace(" ", "") in b.replace(" ", "")) if contains else a == b
    counter["agree" if agree else "disagree"] += 1


def _rate(counter: Counter[str]) -> dict[str, object]:
    compared = counter["agree"] + counter["disagree"]
    return {"compared": compared, "agreement": round(counter["agree"] / compared, 3) if compared else None,
            "missing": counter["missing"]}


def cross_format(cables: list[Cable]) -> dict[str, object]:
    """Cables present as text and as an HTML page: per-field share of identical values, and the body."""
    text = {c.reference_id: c for c in cables if c.source.format == "text"}
    html = {c.reference_id: c for c in cables if c.source.format.startswith("html")}
    both = sorted(set(text) & set(html))
    fields: dict[str, float | None] = {}
    for field in (*CROSS_FIELDS, "body"):
        same = sum(_value(text[r], field) == _value(html[r], field) for r in both)
        fields[field] = round(same / len(both), 3) if both else None
    return {"cables_in_both": len(both), "agreement": fields}


def _value(cable: Cable, field: str) -> object:
    value = cable.to_json_dict()[field]
    if field == "body" and isinstance(value, str):
        return " ".join(value.split())  # line ends and spacing differ between the publications
    return value


def reference_resolution(cables: list[Cable]) -> dict[str, dict[str, object]]:
    """Per resolution kind: how many REF citations, and the share of their ids among the archive's 251,287.

    The archive holds a fraction of all cables ever sent, so the share is a check (a wrong year or post
    lowers it), not an accuracy.  One count per distinct (citing cable, id); text and HTML copies both count.
    """
    universe = archive()
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for c in cables:
        seen: set[str | None] = set()
        for d in c.references_detail:
            if d.id in seen and d.id is not None:
                continue
            seen.add(d.id)
            row = rows[d.resolution or "none"]
            row["count"] += 1
            row["in_archive"] += bool(d.id and universe.exists(d.id))
    return {kind: {"count": r["count"], "in_archive": round(r["in_archive"] / r["count"], 3)}
            for kind, r in sorted(rows.items())}


def reference_kinds() -> dict[str, dict[str, int]]:
    """The quirks of REF lines seen in real cables (tests/fixtures/ref_kinds.json): per kind, cases read right."""
    cases = json.loads(KINDS.read_text("utf-8")) if KINDS.is_file() else []
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for case in cases:
        year, post, serial = split_id(case["citing"]) or (case["citing"][:2], None, None)
        citing = Citing(year=year, month=case.get("month", 0), post=post, serial=int(serial) if serial else None)
        ids, _ = parse_refs([case["ref"]], citing)
        tally[case["kind"]]["right" if ids == case["ids"] else "wrong"] += 1
    return {kind: {"right": t["right"], "cases": t["right"] + t["wrong"]} for kind, t in tally.items()}


def evaluate(corpus: Path) -> dict[str, object]:
    cables, failures = parse_corpus(corpus)
    return {
        "cables": len(cables), "failures": [f"{f.name}: {f.error_type}: {f.reason}" for f in failures],
        "fill": fill_table(cables), "metadata_vs_text": metadata_agreement(cables),
        "text_vs_html": cross_format(cables), "reference_resolution": reference_resolution(cables),
        "reference_kinds": reference_kinds(),
    }


def _print(report: dict[str, object]) -> None:
    print(f"cables parsed: {report['cables']}, failures: {len(report['failures'])}")  # type: ignore[arg-type]
    for line in report["failures"]:  # type: ignore[attr-defined]
        print(f"  FAILED {line}")
    fill = report["fill"]
    assert isinstance(fill, dict)
    formats = list(fill)
    print("\nfill rate per field     " + " ".join(f"{f:>10}" for f in formats))
    print("  cables                " + " ".join(f"{fill[f]['cables']:>10}" for f in formats))
    for field in fill["all"]["fill"]:
        print(f"  {field:<22}" + " ".join(f"{fill[f]['fill'][field]:>10.3f}" for f in formats))
    print("\nmetadata vs text (where both state a value)")
    for name, row in report["metadata_vs_text"].items():  # type: ignore[attr-defined]
        print(f"  {name:<28} agreement {row['agreement']}  compared {row['compared']}  missing {row['missing']}")
    cross = report["text_vs_html"]
    assert isinstance(cross, dict)
    print(f"\ntext vs HTML, same cable ({cross['cables_in_both']} cables): share of identical values")
    for field, rate in cross["agreement"].items():
        print(f"  {field:<22}{rate}")
    print("\nREF citations by resolution (share of their ids among the archive's 251,287)")
    for kind, row in report["reference_resolution"].items():  # type: ignore[attr-defined]
        print(f"  {kind:<22}count {row['count']:>5}  in archive {row['in_archive']}")
    print("\nREF quirks of real cables (tests/fixtures/ref_kinds.json): cases read right")
    for kind, row in report["reference_kinds"].items():  # type: ignore[attr-defined]
        print(f"  {kind:<22}{row['right']}/{row['cases']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.evaluate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        parser.error(f"not a directory: {args.corpus}")
    report = evaluate(args.corpus)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
