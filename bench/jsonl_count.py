"""What a progress bar's total costs: counting a JSONL corpus's records before ingesting it.

    .venv/bin/python bench/jsonl_count.py            # 100,000 records of about 2 KB
    .venv/bin/python bench/jsonl_count.py --records 20000 --size 8000

Prints the time and throughput of ingest.jsonl.count_records (lines, not parsed) beside
reading the same file with read_jsonl (parsed into Documents), on a temporary file.
The count should cost a small fraction of the read, which costs a small fraction of
extraction.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time

from otkaz.ingest.jsonl import count_records, read_jsonl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--size", type=int, default=2_000, help="characters of text a record")
    args = parser.parse_args()
    body = ("Eleven soldiers from Omsk refused to go to the front, their wives said. " * (
        args.size // 72 + 1))[:args.size]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False,
                                     encoding="utf-8") as f:
        for i in range(args.records):
            f.write(json.dumps({"id": f"d{i}", "text": body, "published": "2024-01-01"}) + "\n")
        path = f.name
    try:
        size = os.path.getsize(path) / 1e6
        t = time.perf_counter()
        n = count_records(path)
        counted = time.perf_counter() - t
        t = time.perf_counter()
        read = sum(1 for _ in read_jsonl(path))
        parsed = time.perf_counter() - t
    finally:
        os.unlink(path)
    assert n == read == args.records
    print(f"{args.records} records, {size:.0f} MB")
    print(f"count_records: {counted:.2f} s ({size / counted:.0f} MB/s)")
    print(f"read_jsonl:    {parsed:.2f} s ({size / parsed:.0f} MB/s); "
          f"the count costs {counted / parsed:.0%} of a read")


if __name__ == "__main__":
    main()
