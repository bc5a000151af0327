"""Extract reports from a FORMAT.md JSONL corpus: `python -m otkaz.extract docs.jsonl -o out`.

    $ python -m otkaz.extract docs.jsonl -o reports.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import date

from otkaz.extract import extract_documents
from otkaz.models import Document


def read_documents(path: str) -> Iterator[Document]:
    """Documents from a JSONL file of FORMAT.md input objects ("-" reads stdin)."""
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    with stream:
        for line in stream:
            if not line.strip():
                continue
            d = json.loads(line)
            published = d.get("published")
            yield Document(
                id=str(d["id"]), text=d["text"],
                published=date.fromisoformat(published[:10]) if published else None,
                url=d.get("url"), outlet=d.get("outlet"), title=d.get("title"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m otkaz.extract", description=__doc__)
    parser.add_argument("docs", help="input JSONL (FORMAT.md documents), or - for stdin")
    parser.add_argument("-o", "--output", default="-", help="output JSONL of reports")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args(argv)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    with out:
        for report in extract_documents(read_documents(args.docs), args.batch_size,
                                        args.processes):
            out.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
