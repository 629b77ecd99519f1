#!/usr/bin/python3
"""Parse `wrk --latency` output into one JSON object (stdout): rps, p50/p99 ms, errors."""
import json
import re
import sys


def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", v)
    if not m:
        return None
    x, u = float(m.group(1)), m.group(2)
    return x / 1000 if u == "us" else x if u == "ms" else x * 1000 if u == "s" else x * 60000


def main(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not rps:
        tail = " ".join(text.strip().splitlines()[-2:])[:200]
        print(json.dumps({"status": "error", "reason": "wrk: " + tail}))
        return
    out = {"status": "ok", "rps": float(rps.group(1))}
    for p in ("50", "99"):
        m = re.search(rf"^\s+{p}%\s+(\S+)", text, re.M)
        out[f"p{p}_ms"] = ms(m.group(1)) if m else None
    errors = 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        errors += sum(int(x) for x in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        errors += int(m.group(1))
    m = re.search(r"(\d+) requests in ([\d.]+\w+)", text)
    if m:
        out["requests"] = int(m.group(1))
    out["errors"] = errors
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
