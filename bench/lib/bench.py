#!/usr/bin/python3
"""Orchestration and reporting for bench/run (stdlib + Pillow only).

  bench.py pipeline --inputs DIR --out FILE.json --rounds R --batch B --warmup W \
           --contender NAME=COMMAND ... [--na NAME=REASON ...] [--expect-unsupported NAME=EXT,EXT]
  bench.py report --pipeline FILE.json --md OUT.md --png OUT.png \
           --json OUT.json --meta KEY=VALUE ...
  bench.py smoke-verdict --pipeline FILE.json

Each contender is ONE long-lived process speaking the serve protocol (bench/c/pipeline.c):
it stays warm across inputs, like a server would. For every input, each contender warms
up, then the rounds run INTERLEAVED: in round k every contender runs a batch of B timed
iterations, the order rotating by one each round, so machine noise (other builds, thermal
or frequency changes) lands on all contenders alike. Ratios against the C floor are taken
round by round (contender batch median / C batch median of the same round) and then
summarised by their median.
"""
import argparse
import json
import os
import select
import shlex
import signal
import statistics
import subprocess
import sys
import time

CMD_TIMEOUT_S = 300  # one warm-up or one batch; bounded so a hung contender cannot stall
START_TIMEOUT_S = 180  # a source-launched JVM compiles first


def pct(values, p):
    """Nearest-rank percentile."""
    if not values:
        return None
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


class Contender:
    def __init__(self, name, command):
        self.name = name
        self.command = command
        self.proc = None
        self.buf = b""
        self.version = None
        self.dead_reason = None
        self.stderr_path = None

    def spawn(self, logdir, section):
        """Starts the process; wait_ready() then waits for its "ready" line. Starting every
        contender before waiting for any lets the JVMs compile their harnesses in parallel.
        Its stderr goes to SECTION.NAME.stderr.log, so one section's log is not overwritten
        by the next one's."""
        self.stderr_path = os.path.join(logdir, f"{section}.{self.name}.stderr.log")
        err = open(self.stderr_path, "wb")
        try:
            self.proc = subprocess.Popen(
                ["bash", "-c", "exec " + self.command],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                start_new_session=True)
        except OSError as e:
            self.dead_reason = f"cannot start: {e}"
        finally:
            err.close()

    def wait_ready(self):
        if self.proc is None:
            return False
        line = self.readline(START_TIMEOUT_S)
        if line is None or not line.startswith("ready"):
            self.kill()
            self.dead_reason = "did not start: " + self.stderr_tail()
            return False
        self.version = line.split(None, 1)[1] if " " in line else self.name
        return True

    def stderr_tail(self, n=300):
        try:
            with open(self.stderr_path, "rb") as f:
                t = f.read().decode("utf-8", "replace").strip().splitlines()
            t = [x for x in t if x.strip()]
            return (" | ".join(t[-3:]))[-n:] if t else "(no stderr)"
        except OSError:
            return "(no stderr)"

    def readline(self, timeout):
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode("utf-8", "replace").strip()

    def send(self, cmd):
        try:
            self.proc.stdin.write((cmd + "\n").encode())
            self.proc.stdin.flush()
            return True
        except (BrokenPipeError, OSError):
            return False

    def command_reply(self, cmd, timeout=CMD_TIMEOUT_S):
        """Sends a command; returns (status, payload, samples)."""
        if self.proc is None or self.proc.poll() is not None:
            return "error", "process exited: " + self.stderr_tail(), []
        if not self.send(cmd):
            return "error", "process exited: " + self.stderr_tail(), []
        samples = []
        while True:
            line = self.readline(timeout)
            if line is None:
                self.kill()
                self.dead_reason = f"no answer within {timeout}s to '{cmd.split()[0]}'"
                return "error", self.dead_reason, samples
            if line.startswith("t "):
                _, ms, nbytes = line.split()
                samples.append((float(ms), int(nbytes)))
                continue
            word, _, rest = line.partition(" ")
            return word, rest, samples

    def cpu_ns(self):
        """CPU time of every thread of the process so far (ns; 0 once it has gone)."""
        if self.proc is None:
            return 0
        total = 0
        task_dir = f"/proc/{self.proc.pid}/task"
        try:
            tids = os.listdir(task_dir)
        except OSError:
            return 0
        for tid in tids:
            try:
                with open(f"{task_dir}/{tid}/schedstat") as f:
                    total += int(f.read().split()[0])
            except (OSError, ValueError, IndexError):
                pass
        return total

    def quit(self):
        if self.proc and self.proc.poll() is None:
            self.send("quit")
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self):
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)  # its own session: only its children
            except ProcessLookupError:
                pass
            self.proc.wait()


def cmd_pipeline(a):
    inputs = sorted(f for f in os.listdir(a.inputs) if not f.startswith("."))
    if a.only:
        keep = set(a.only.split(","))
        inputs = [f for f in inputs if f in keep or f.rsplit(".", 1)[0] in keep]
    contenders = []
    for spec in a.contender:
        name, _, command = spec.partition("=")
        contenders.append(Contender(name, command))
    na = dict(s.split("=", 1) for s in a.na)
    expect_unsupported = {}
    for s in a.expect_unsupported:
        n, _, exts = s.partition("=")
        expect_unsupported[n] = set(exts.split(","))
    order = [c.name for c in contenders] + [n for n in na if n not in {c.name for c in contenders}]
    logdir = os.path.dirname(os.path.abspath(a.out))
    os.makedirs(logdir, exist_ok=True)

    result = {"rounds": a.rounds, "batch": a.batch, "warmup": a.warmup, "floor": a.floor,
              "contenders": {}, "inputs": {}}
    for name, reason in na.items():
        result["contenders"][name] = {"status": "n/a", "reason": reason}
    live = []
    t0 = time.monotonic()
    for c in contenders:
        c.spawn(logdir, os.path.splitext(os.path.basename(a.out))[0])
    for c in contenders:
        ok = c.wait_ready()
        info = {"command": c.command, "start_s": round(time.monotonic() - t0, 2)}
        if ok:
            info.update(status="ok", version=c.version)
            live.append(c)
        else:
            info.update(status="n/a", reason=c.dead_reason)
        result["contenders"][c.name] = info
        print(f"  {c.name:9s} {'ready: ' + c.version if ok else 'n/a: ' + c.dead_reason}",
              flush=True)
    result["order"] = order

    try:
        for inp in inputs:
            path = os.path.abspath(os.path.join(a.inputs, inp))
            ext = inp.rsplit(".", 1)[-1]
            entry = {"bytes": os.path.getsize(path), "results": {}}
            result["inputs"][inp] = entry
            active = []
            for c in live:
                if c.dead_reason:
                    entry["results"][c.name] = {"status": "error", "reason": c.dead_reason}
                    continue
                st, payload, _ = c.command_reply(f"warmup {path} {a.warmup}")
                if st == "ok":
                    parts = payload.split()
                    entry["results"][c.name] = {"status": "ok", "dims": parts[0] if parts else "?",
                                                "out_bytes": int(parts[1]) if len(parts) > 1 else None,
                                                "rounds": []}
                    active.append(c)
                else:
                    expected = st == "unsupported" and ext in expect_unsupported.get(c.name, set())
                    entry["results"][c.name] = {"status": st, "reason": payload,
                                                "expected": expected}
            for k in range(a.rounds):
                if not active:
                    break
                rot = k % len(active)
                for c in active[rot:] + active[:rot]:
                    r = entry["results"][c.name]
                    if r["status"] != "ok":
                        continue
                    others = [o for o in live if o is not c]
                    before = sum(o.cpu_ns() for o in others)
                    st, payload, samples = c.command_reply(f"run {path} {a.batch}")
                    if st != "ok" or len(samples) != a.batch:
                        r.update(status="error", reason=payload or "short batch")
                        continue
                    r["rounds"].append([ms for ms, _ in samples])
                    r.setdefault("others_cpu_ms", []).append(
                        round((sum(o.cpu_ns() for o in others) - before) / 1e6, 1))
            summarise_input(entry, a.floor)
            print_input_line(inp, entry, order, a.floor)
    finally:
        for c in live:
            c.quit()
    with open(a.out, "w") as f:
        json.dump(result, f, indent=1)
    return 0


def summarise_input(entry, floor):
    res = entry["results"]
    fl = res.get(floor, {})
    for name, r in res.items():
        if r.get("status") != "ok" or not r.get("rounds"):
            continue
        flat = [x for rnd in r["rounds"] for x in rnd]
        r["n"] = len(flat)
        r["median_ms"] = statistics.median(flat)
        r["p95_ms"] = pct(flat, 95)
        r["min_ms"] = min(flat)
        if fl.get("status") == "ok" and fl.get("rounds"):
            ratios = round_ratios(r, fl)
            if ratios:
                r["ratio_median"] = statistics.median(ratios)
                r["ratio_min"] = min(ratios)
                r["ratio_max"] = max(ratios)
        # The same per-round ratio against every other contender (Portrait vs Pillow, ...).
        r["ratio_vs"] = {}
        for other, o in res.items():
            if other != name and o.get("status") == "ok" and o.get("rounds"):
                ratios = round_ratios(r, o)
                if ratios:
                    r["ratio_vs"][other] = statistics.median(ratios)
    dims = {r["dims"] for r in res.values() if r.get("status") == "ok" and r.get("dims") not in (None, "?")}
    entry["dims_agree"] = len(dims) <= 1
    entry["dims"] = sorted(dims)
    if not entry["dims_agree"]:
        entry["dims_by"] = {n: r["dims"] for n, r in res.items() if r.get("status") == "ok"}


def round_ratios(r, other):
    """This contender's batch median over the other's batch median, round by round."""
    return [statistics.median(a) / statistics.median(b)
            for a, b in zip(r["rounds"], other["rounds"]) if a and b]


def cell(r):
    st = r.get("status") if r else "n/a"
    if st == "ok" and "median_ms" in r:
        ratio = f" {r['ratio_median']:.2f}x" if "ratio_median" in r else ""
        return f"{r['median_ms']:.1f}/{r['p95_ms']:.1f}{ratio}"
    if st == "unsupported":
        return "unsupported"
    return st or "n/a"


def print_input_line(inp, entry, order, floor):
    cells = "  ".join(f"{n}={cell(entry['results'].get(n))}" for n in order)
    warn = "" if entry.get("dims_agree", True) else f"  DIMS DIFFER {entry['dims_by']}"
    print(f"  {inp:10s} {cells}{warn}", flush=True)


# ------------------------------------------------------------------------------ report

LABELS = {"c": "C libvips (floor)", "pillow": "Pillow", "imageio": "JDK ImageIO",
          "portrait": "Portrait"}
COLORS = {"c": (90, 90, 90), "pillow": (52, 120, 198), "imageio": (222, 128, 36),
          "portrait": (44, 160, 90)}


def md_cell(r):
    if not r:
        return "n/a"
    st = r.get("status")
    if st == "ok" and "median_ms" in r:
        s = f"{r['median_ms']:.0f} / {r['p95_ms']:.0f}"
        if "ratio_median" in r:
            s += f" ({r['ratio_median']:.2f}x)"
        return s
    if st == "unsupported":
        return "unsupported"
    return st or "n/a"


def cmd_report(a):
    with open(a.pipeline) as f:
        pipe = json.load(f)
    meta = dict(m.split("=", 1) for m in a.meta)
    order = pipe.get("order") or list(pipe["contenders"])
    L = []
    L.append("# Portrait benchmark results")
    L.append("")
    L.append("| | |")
    L.append("|---|---|")
    for k in ("date", "commit", "branch", "nproc", "cpu", "machine", "memory", "os", "load",
              "libvips", "pillow", "java", "c_mode", "vips_threads", "duration"):
        if k in meta:
            L.append(f"| {k} | {meta[k]} |")
    L.append(f"| rounds x batch (warm-up) | {pipe['rounds']} x {pipe['batch']} ({pipe['warmup']}) |")
    L.append("")
    L.append("## Pipeline: bytes in memory -> four renditions in memory "
             "(JPEG Q82, or PNG when partly transparent)")
    L.append("")
    L.append("Each cell: **median / p95 ms** per image (all timed iterations), and in brackets "
             "the median of the per-round ratios to the C libvips floor (lower is better, "
             "1.00x = as fast as the floor).")
    L.append("")
    L.append("| input | size | " + " | ".join(LABELS.get(n, n) for n in order) + " | renditions |")
    L.append("|---|---:|" + "---:|" * len(order) + "---|")
    for inp, e in pipe["inputs"].items():
        dims = e["dims"][0] if len(e.get("dims", [])) == 1 else " vs ".join(e.get("dims", [])) or "-"
        if not e.get("dims_agree", True):
            dims = "**differ:** " + dims
        L.append(f"| {inp} | {e['bytes'] / 1e6:.2f} MB | "
                 + " | ".join(md_cell(e["results"].get(n)) if pipe["contenders"].get(n, {}).get("status") == "ok"
                              else "n/a" for n in order)
                 + f" | {dims} |")
    L.append("")
    targets = portrait_targets(pipe)
    if targets:
        L.extend(targets)
    if a.all_cores and os.path.exists(a.all_cores):
        with open(a.all_cores) as f:
            L.extend(all_cores_table(json.load(f), meta.get("nproc", "?")))
    L.append("Output bytes (sum of the four renditions; a sanity figure, not a score):")
    L.append("")
    L.append("| input | " + " | ".join(LABELS.get(n, n) for n in order) + " |")
    L.append("|---|" + "---:|" * len(order))
    for inp, e in pipe["inputs"].items():
        row = []
        for n in order:
            r = e["results"].get(n) or {}
            row.append(str(r["out_bytes"]) if r.get("status") == "ok" and r.get("out_bytes") else "-")
        L.append(f"| {inp} | " + " | ".join(row) + " |")
    L.append("")
    background = [ms for e in pipe["inputs"].values() for r in e["results"].values()
                  for ms in r.get("others_cpu_ms", [])]
    if background:
        L.append(f"Interference check: while one contender ran a batch, the processes of the others "
                 f"(waiting for their turn) used {statistics.median(background):.1f} ms of CPU in "
                 f"the median batch and {max(background):.1f} ms at most.")
        L.append("")
    L.append("Contenders:")
    L.append("")
    for n in order:
        c = pipe["contenders"].get(n, {})
        if c.get("status") == "ok":
            L.append(f"- **{LABELS.get(n, n)}**: {c.get('version', '')} (started in {c.get('start_s')} s)")
        else:
            L.append(f"- **{LABELS.get(n, n)}**: n/a ({c.get('reason', 'not run')})")
    notes = []
    for inp, e in pipe["inputs"].items():
        for n, r in e["results"].items():
            if r.get("status") not in ("ok", None):
                tag = "expected: format not supported" if r.get("expected") else r.get("status")
                notes.append(f"- {inp} / {LABELS.get(n, n)}: {tag} ({r.get('reason', '')[:160]})")
    if notes:
        L.append("")
        L.append("Not measured:")
        L.append("")
        L.extend(notes)
    L.append("")
    L.append("Notes: every contender does Portrait's job (see bench/README.md). In the main table "
             "the C floor and Portrait run libvips with one worker thread per image, like the "
             "single-threaded baselines: work per core. The C floor reads BMP through "
             "ImageMagick (magickload), Portrait reads uncompressed 24-bit rows in Java. photo.png is "
             "partly transparent, so all renditions are PNG (deflate 6; Pillow always filters "
             "rows adaptively, so its PNGs are smaller and cost more to write). Portrait and the "
             "C floor decode WebP at the target scale (libwebp scaling). HEIC: the file's EXIF "
             "says Orientation 6 but it has no irot box, and HEIF rules say the boxes win, so it "
             "renders landscape. GIF: frame 0 of 8; the squares upscale. Pillow runs with glibc's "
             "malloc thresholds pinned (GLIBC_TUNABLES), its fast state; with glibc's defaults it "
             "re-faults its buffers and lands 1.1-2.2x slower (bench/README.md).")
    L.append("")
    text = "\n".join(L)
    with open(a.md, "w") as f:
        f.write(text)
    with open(a.json, "w") as f:
        json.dump({"meta": meta, "pipeline": pipe}, f, indent=1)
    if a.png:
        chart(pipe, order, meta, a.png)
    print(text)
    return 0


# Targets of the benchmarks issue for Portrait, as per-round ratios (median over rounds):
# contender -> (limit, which inputs; None = every input).
TARGETS = {
    "c": (1.10, None),  # at most 1.1x the C floor
    "pillow": (1.00, None),  # faster than Pillow
    "imageio": (1.0 / 3, {"photo.jpg"}),  # at least 3x faster than ImageIO on the 12 MP JPEG
}


def portrait_targets(pipe):
    """Portrait's per-round ratio against each contender, with the issue's targets."""
    if pipe["contenders"].get("portrait", {}).get("status") != "ok":
        return []
    others = [n for n in (pipe.get("order") or []) if n != "portrait"
              and pipe["contenders"].get(n, {}).get("status") == "ok"]
    L = ["Portrait against each contender: median of the per-round ratios (Portrait's batch "
         "median / the contender's batch median in the same round; below 1 = Portrait faster), "
         "and the target:", "",
         "| input | " + " | ".join(f"vs {LABELS.get(n, n)}" for n in others) + " |",
         "|---|" + "---:|" * len(others)]
    for inp, e in pipe["inputs"].items():
        p = e["results"].get("portrait") or {}
        row = []
        for n in others:
            ratio = (p.get("ratio_vs") or {}).get(n)
            if ratio is None:
                row.append("-")
                continue
            text = f"{ratio:.2f}x"
            limit, only = TARGETS.get(n, (None, None))
            if limit is not None and (only is None or inp in only):
                ok = ratio < limit if n == "pillow" else ratio <= limit
                text += f" ({'met' if ok else 'missed'}: {'<' if n == 'pillow' else '<='} {limit:.2f}x)"
            row.append(text)
        L.append(f"| {inp} | " + " | ".join(row) + " |")
    L.append("")
    return L


def all_cores_table(pipe, cores):
    """The lone-upload view: Portrait and the C floor with a libvips thread per core."""
    L = [f"### A lone upload: Portrait and the C floor with {cores} libvips threads (one per core)", "",
         "The server gives a lone upload every core (`portrait.imaging.threads`). ImageIO runs as a "
         "Java team would run it, on one thread (one decode cannot be split). Same rounds, "
         "interleaved; ratios are medians of per-round ratios.", "",
         "| input | C floor, all cores | Portrait, all cores | JDK ImageIO, 1 thread | Portrait / C floor | "
         "Portrait / ImageIO |", "|---|---:|---:|---:|---:|---:|"]
    for inp, e in pipe["inputs"].items():
        res = e["results"]
        p = res.get("portrait") or {}
        ratios = p.get("ratio_vs") or {}

        def judged(name, limit):
            r = ratios.get(name)
            if r is None:
                return "-"
            return f"{r:.2f}x ({'met' if r <= limit else 'missed'}: <= {limit:.2f}x)"

        L.append(f"| {inp} | {md_cell(res.get('c'))} | {md_cell(p)} | {md_cell(res.get('imageio'))} | "
                 f"{judged('c', TARGETS['c'][0])} | {judged('imageio', TARGETS['imageio'][0])} |")
    L.append("")
    return L


def font(size):
    for p in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
              "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"):
        if os.path.exists(p):
            from PIL import ImageFont
            return ImageFont.truetype(p, size)
    from PIL import ImageFont
    return ImageFont.load_default()


def chart(pipe, order, meta, out):
    """Grouped horizontal bars: median ms per input per contender, p95 as a whisker."""
    from PIL import Image, ImageDraw
    inputs = list(pipe["inputs"])
    names = [n for n in order if pipe["contenders"].get(n, {}).get("status") == "ok"]
    bar_h, gap, left, right, top = 16, 14, 150, 230, 70
    group_h = max(1, len(order)) * bar_h + gap
    W = 1100
    H = top + len(inputs) * group_h + 60
    img = Image.new("RGB", (W, H), "white")
    d = ImageDraw.Draw(img)
    f_title, f, f_small = font(18), font(13), font(11)
    d.text((left, 12), "Portrait image pipeline: median ms per image (whisker = p95), lower is better",
           fill="black", font=f_title)
    d.text((left, 38), f"{meta.get('date', '')}  commit {meta.get('commit', '')}  nproc {meta.get('nproc', '')}"
           f"  {meta.get('cpu', '')}", fill=(90, 90, 90), font=f_small)
    vmax = 1.0
    for e in pipe["inputs"].values():
        for n in names:
            r = e["results"].get(n) or {}
            if "p95_ms" in r:
                vmax = max(vmax, r["p95_ms"])
    scale = (W - left - right) / vmax
    y = top
    for inp in inputs:
        e = pipe["inputs"][inp]
        d.text((10, y + (group_h - gap) // 2 - 8), inp, fill="black", font=f)
        for i, n in enumerate(order):
            by = y + i * bar_h
            r = e["results"].get(n) or {}
            col = COLORS.get(n, (120, 120, 120))
            if n in names and "median_ms" in r:
                x1 = left + r["median_ms"] * scale
                d.rectangle([left, by + 2, x1, by + bar_h - 2], fill=col)
                xp = left + r["p95_ms"] * scale
                d.line([x1, by + bar_h // 2, xp, by + bar_h // 2], fill=(0, 0, 0), width=1)
                d.line([xp, by + 4, xp, by + bar_h - 4], fill=(0, 0, 0), width=1)
                label = f"{r['median_ms']:.0f} ms"
                if "ratio_median" in r and n != pipe.get("floor"):
                    label += f"  {r['ratio_median']:.2f}x"
                d.text((xp + 6, by + 1), label, fill=(40, 40, 40), font=f_small)
            else:
                st = r.get("status") if (n in names and r) else "n/a"
                d.text((left + 4, by + 1), f"{LABELS.get(n, n)}: {st}", fill=(150, 150, 150), font=f_small)
        y += group_h
    # legend
    lx = left
    for n in order:
        col = COLORS.get(n, (120, 120, 120))
        d.rectangle([lx, H - 34, lx + 14, H - 20], fill=col)
        d.text((lx + 20, H - 35), LABELS.get(n, n), fill="black", font=f)
        lx += 30 + int(d.textlength(LABELS.get(n, n), font=f)) if hasattr(d, "textlength") else 180
    img.save(out)


def cmd_smoke_verdict(a):
    with open(a.pipeline) as f:
        pipe = json.load(f)
    passed, failed, skipped, why = 0, 0, 0, []
    for n, c in pipe["contenders"].items():
        if c.get("status") != "ok" and n in a.require:
            failed += 1
            why.append(f"FAIL {n}: required but n/a ({c.get('reason', '')[:300]})")
        elif c.get("status") != "ok":
            skipped += 1
            why.append(f"{n}: n/a ({c.get('reason', '')[:120]})")
    for inp, e in pipe["inputs"].items():
        for n, r in e["results"].items():
            st = r.get("status")
            if st == "ok" and r.get("n", 0) > 0 and r.get("out_bytes", 1):
                passed += 1
            elif st == "unsupported" and r.get("expected"):
                skipped += 1
            else:
                failed += 1
                why.append(f"FAIL {inp}/{n}: {st} {r.get('reason', '')[:160]}")
        if not e.get("dims_agree", True):
            failed += 1
            why.append(f"FAIL {inp}: rendition sizes differ between contenders: {e.get('dims_by')}")
    for w in why:
        print("  " + w)
    print(f"bench smoke: {passed} passed, {failed} failed ({skipped} skipped)")
    return 1 if failed else 0


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    pp = sub.add_parser("pipeline")
    pp.add_argument("--inputs", required=True)
    pp.add_argument("--out", required=True)
    pp.add_argument("--rounds", type=int, default=10)
    pp.add_argument("--batch", type=int, default=3)
    pp.add_argument("--warmup", type=int, default=3)
    pp.add_argument("--floor", default="c")
    pp.add_argument("--only", default="")
    pp.add_argument("--contender", action="append", default=[])
    pp.add_argument("--na", action="append", default=[])
    pp.add_argument("--expect-unsupported", action="append", default=[])
    pr = sub.add_parser("report")
    pr.add_argument("--pipeline", required=True)
    pr.add_argument("--md", required=True)
    pr.add_argument("--png")
    pr.add_argument("--all-cores", help="pipeline JSON of the run with one libvips thread per core")
    pr.add_argument("--json", required=True)
    pr.add_argument("--meta", action="append", default=[])
    ps = sub.add_parser("smoke-verdict")
    ps.add_argument("--pipeline", required=True)
    ps.add_argument("--require", action="append", default=[],
                    help="contender that must run (n/a counts as a failure)")
    a = p.parse_args()
    return {"pipeline": cmd_pipeline, "report": cmd_report, "smoke-verdict": cmd_smoke_verdict}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
