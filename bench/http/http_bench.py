#!/usr/bin/python3
"""Portrait over HTTP on loopback: the figures of bench/README.md's "HTTP section".

  http_bench.py --java JAVA --jar target/portrait.jar --image photo.jpg --work DIR --out FILE.json
                [--smoke] [--no-serving] [--wrk-duration S] [--wrk-rounds R]
                [--md bench/results/latest.md] [--meta KEY=VALUE ...]

1. upload:  median / p95 round trip of the 12 MP phone JPEG at concurrency 1 and 8 (interleaved
            rounds, bench/http/HttpBench.java), uploads per second (per core), c8/c1 throughput,
            and the server's peak RSS (VmHWM) after it.
2. serving: wrk -c64 on the 150 px rendition, 200 and 304 (If-None-Match), against Portrait
            and against nginx serving the same bytes as a static file; rounds interleave the
            four runs and the ratio is taken per round.
   busy:    the same file on one connection, alone and while one upload loop per core keeps
            every image job slot busy (interleaved rounds): req/s and p50 / p99.
3. memory:  a second server with -Xmx256m takes 16 simultaneous uploads (a few times over):
            peak RSS, and no OutOfMemoryError in its log.
4. refusal: round trip of refused uploads (a PNG declaring 100000x100000, one declaring
            30000x30000, a 13 MB body with Content-Length, 400, and chunked, 411) against GET
            /actuator/health in the same rounds; the difference is the refusal's cost.

Servers are started here (own data directory, 127.0.0.1, a free port, MALLOC_ARENA_MAX=2) and
stopped by their PID. With --smoke everything is tiny and only correctness is judged:
"bench http smoke: N passed, M failed", exit 1 on a failure. Otherwise the targets are
judged, the raw data goes to --out and a section is appended to --md.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(BENCH, "lib"))
from bench import pct  # noqa: E402  (nearest-rank, the pipeline section's definition)

START_TIMEOUT_S = 240  # Spring Boot on a busy 2-core machine
STOP_TIMEOUT_S = 30
MD_HEADER = "## HTTP: Portrait over loopback"
META_KEYS = ("date", "commit", "nproc", "java")  # of bench/run's --meta, those repeated in the section


def log(msg):
    print(f"[bench http {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def median(values):
    return statistics.median(values) if values else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One Portrait process on 127.0.0.1 with its own data directory."""

    def __init__(self, name, args, jvm_opts):
        self.name = name
        self.java = args.java
        self.jar = args.jar
        self.jvm_opts = jvm_opts
        self.dir = os.path.join(args.work, name)
        self.log_path = os.path.join(self.dir, "server.log")
        self.proc = None
        self.port = None
        self.started_s = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        self.port = free_port()
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PORTRAIT_", "SERVER_", "SPRING_", "JAVA_TOOL_OPTIONS"))}
        env.update(
            PORTRAIT_DATA_DIR=os.path.join(self.dir, "data"),
            SERVER_ADDRESS="127.0.0.1",
            SERVER_PORT=str(self.port),
            PORTRAIT_RATE_UPLOADS_PER_MINUTE="100000",
            PORTRAIT_AUTH_LOGIN_FAILURES_PER_ADDRESS="100000",
            MALLOC_ARENA_MAX="2",
        )
        cmd = [self.java, *self.jvm_opts, "-jar", self.jar]
        log(f"starting Portrait '{self.name}' on port {self.port}: {' '.join(cmd[1:])}")
        t0 = time.monotonic()
        with open(self.log_path, "wb") as out:
            self.proc = subprocess.Popen(cmd, env=env, cwd=self.dir, stdin=subprocess.DEVNULL,
                                         stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        while time.monotonic() - t0 < START_TIMEOUT_S:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Portrait '{self.name}' exited ({self.proc.returncode}): {self.log_tail()}")
            try:
                with urllib.request.urlopen(self.base + "/actuator/health", timeout=2) as r:
                    if r.status == 200:
                        self.started_s = time.monotonic() - t0
                        log(f"Portrait '{self.name}' is up after {self.started_s:.1f} s")
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Portrait '{self.name}' did not answer within {START_TIMEOUT_S} s: {self.log_tail()}")

    def memory_kb(self):
        """VmHWM (peak resident set) and VmRSS of the server process, in kB."""
        out = {}
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    out[key] = int(value.split()[0])
        return out

    def log_text(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def log_tail(self):
        lines = [x for x in self.log_text().splitlines() if x.strip()]
        return " | ".join(lines[-3:])[-400:]

    def out_of_memory(self):
        return "OutOfMemoryError" in self.log_text()

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Nginx:
    """nginx serving one file from a directory: sendfile, open file cache, Portrait's Cache-Control."""

    def __init__(self, work):
        self.dir = os.path.join(work, "nginx")
        self.proc = None
        self.port = None

    def start(self, filename, content):
        d = self.dir
        shutil.rmtree(d, ignore_errors=True)
        for sub in ("www", "tmp", "logs"):
            os.makedirs(os.path.join(d, sub))
        with open(os.path.join(d, "www", filename), "wb") as f:
            f.write(content)
        self.port = free_port()
        temp = " ".join(f"{k}_temp_path {d}/tmp/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        with open(os.path.join(d, "nginx.conf"), "w") as f:
            f.write(f"""# written by bench/http/http_bench.py; loopback only
worker_processes {os.cpu_count()};
daemon off;
pid {d}/nginx.pid;
error_log {d}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  {temp}
  types {{ image/jpeg jpg; }}
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  open_file_cache max=64;
  server {{
    listen 127.0.0.1:{self.port};
    root {d}/www;
    location / {{ add_header Cache-Control "public, max-age=31536000, immutable"; }}
  }}
}}
""")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.proc = subprocess.Popen([nginx, "-e", f"{d}/logs/error.log", "-p", f"{d}/", "-c", f"{d}/nginx.conf"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        url = f"http://127.0.0.1:{self.port}/{filename}"
        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    if r.read() == content:
                        return url
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("nginx did not serve the file")

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGQUIT)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# ---------------------------------------------------------------- the client program

def compile_client(args):
    """Compiles HttpBench.java once (javac), so each phase starts in well under a second."""
    src = os.path.join(HERE, "HttpBench.java")
    classes = os.path.join(args.work, "classes")
    stamp = os.path.join(classes, "HttpBench.class")
    if not os.path.exists(stamp) or os.path.getmtime(stamp) < os.path.getmtime(src):
        javac = os.path.join(os.path.dirname(args.java), "javac")
        shutil.rmtree(classes, ignore_errors=True)
        subprocess.run([javac, "-d", classes, src], check=True)
    return classes


def client(args, classes, *cmd):
    argv = [args.java, "-Xmx1g", "-cp", classes, "HttpBench", *cmd]
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=sys.stderr, timeout=1800)
    if r.returncode != 0:
        raise RuntimeError(f"HttpBench {cmd[0]} exited {r.returncode}")
    return json.loads(r.stdout)


# ---------------------------------------------------------------- figures

def figure_upload(args, classes, server):
    s = args.sizes
    raw = client(args, classes, "upload", "--base", server.base, "--image", args.image,
                 "--warmup", str(s["upload_warmup"]), "--rounds", str(s["upload_rounds"]),
                 "--batch", str(s["upload_batch"]), "--concurrency", str(s["concurrency"]),
                 "--server-pid", str(server.proc.pid))
    mem = server.memory_kb()
    c1 = [x for r in raw["rounds"] for x in r["c1"]["ms"]]
    cn = [x for r in raw["rounds"] for x in r["cN"]["ms"]]
    t1 = [r["c1"]["uploads"] / r["c1"]["seconds"] for r in raw["rounds"]]
    tn = [r["cN"]["uploads"] / r["cN"]["seconds"] for r in raw["rounds"]]
    ratios = [b / a for a, b in zip(t1, tn)]

    def busy(phase):
        """Cores the server kept busy, and its CPU ms per upload, from /proc CPU time."""
        cores = [r[phase]["server_cpu_s"] / r[phase]["seconds"] for r in raw["rounds"]]
        per_upload = [1000 * r[phase]["server_cpu_s"] / r[phase]["uploads"] for r in raw["rounds"]]
        return {"cores_busy": median(cores), "cpu_ms_per_upload": median(per_upload)}

    return {
        "raw": raw,
        "image_bytes": raw["image_bytes"],
        "concurrency": raw["concurrency"],
        "c1": {"median_ms": median(c1), "p95_ms": pct(c1, 95), "n": len(c1), "per_s": median(t1), **busy("c1")},
        "cN": {"median_ms": median(cn), "p95_ms": pct(cn, 95), "n": len(cn), "per_s": median(tn), **busy("cN")},
        "scaling": median(ratios),
        "vm_hwm_kb": mem["VmHWM"],
        "vm_rss_kb": mem["VmRSS"],
        "failures": raw["failures"],
        "picture_150": raw["picture_150"],
    }


def fetch(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def wrk(args, url, etag=None, connections=64):
    cmd = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{args.wrk_duration}s", "--latency"]
    if etag:
        cmd += ["-H", f"If-None-Match: {etag}"]
    r = subprocess.run([*cmd, url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=args.wrk_duration + 60)
    path = os.path.join(args.work, "wrk.txt")
    with open(path, "wb") as f:
        f.write(r.stdout)
    parsed = subprocess.run([sys.executable, os.path.join(BENCH, "lib", "wrk2json.py"), path],
                            stdout=subprocess.PIPE, check=True)
    return json.loads(parsed.stdout)


def wrk_summary(rounds, name):
    """Medians over the rounds of one kind of wrk run, and what went wrong in them."""
    ok = [r[name] for r in rounds if r[name].get("status") == "ok"]
    return {
        "rps": median([r["rps"] for r in ok]),
        "p50_ms": median([r["p50_ms"] for r in ok if r.get("p50_ms") is not None]),
        "p99_ms": median([r["p99_ms"] for r in ok if r.get("p99_ms") is not None]),
        "errors": sum(r.get("errors", 0) for r in ok),
        "failed_runs": len(rounds) - len(ok),
    }


def figure_serving(args, server, picture_150):
    """wrk on Portrait's 150 px rendition and on nginx with the same bytes, 200 and 304."""
    url = server.base + picture_150
    checks = []
    status, headers, body = fetch(url)
    etag = headers.get("ETag")
    checks.append(("Portrait serves the 150 px JPEG with an ETag",
                   status == 200 and body[:2] == b"\xff\xd8" and bool(etag), f"{status} {etag}"))
    status304, _, _ = fetch(url, {"If-None-Match": etag or '"none"'})
    checks.append(("Portrait answers 304 to If-None-Match", status304 == 304, str(status304)))
    nginx = Nginx(args.work)
    try:
        nginx_url = nginx.start("avatar-150.jpg", body)
        _, nheaders, _ = fetch(nginx_url)
        nginx_etag = nheaders.get("ETag")
        nstatus304, _, _ = fetch(nginx_url, {"If-None-Match": nginx_etag or '"none"'})
        checks.append(("nginx answers 304 to If-None-Match", nstatus304 == 304, str(nstatus304)))
        runs = {
            "nginx_200": (nginx_url, None),
            "portrait_200": (url, None),
            "nginx_304": (nginx_url, nginx_etag),
            "portrait_304": (url, etag),
        }
        log(f"serving: warm-up wrk on Portrait ({args.wrk_duration} s)")
        wrk(args, url)
        names = list(runs)
        rounds = []
        for k in range(args.wrk_rounds):
            res = {}
            for i in range(len(names)):
                name = names[(i + k) % len(names)]
                res[name] = wrk(args, *runs[name])
            rounds.append(res)
            log("serving: round %d/%d: %s" % (k + 1, args.wrk_rounds,
                ", ".join(f"{n} {res[n].get('rps', 0):.0f}/s" for n in names)))
    finally:
        nginx.stop()
    out = {"bytes": len(body), "rounds": rounds, "checks": checks}
    for name in names:
        out[name] = wrk_summary(rounds, name)
    for code in ("200", "304"):
        ratios = [r[f"portrait_{code}"]["rps"] / r[f"nginx_{code}"]["rps"] for r in rounds
                  if r[f"portrait_{code}"].get("rps") and r[f"nginx_{code}"].get("rps")]
        out[f"ratio_{code}"] = median(ratios)
    return out


def post(url, body, headers):
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def bench_user(server, name):
    """Registers and logs in a user of its own; returns its access token."""
    email, password = f"{name}@bench.example.com", "Bench-Password-4711"
    js = {"Content-Type": "application/json"}
    post(server.base + "/api/auth/register",
         json.dumps({"email": email, "username": name, "password": password}).encode(), js)
    status, body = post(server.base + "/api/auth/login", json.dumps({"email": email, "password": password}).encode(), js)
    if status != 200:
        raise RuntimeError(f"login for the load users answered {status}")
    return json.loads(body)["accessToken"]


def upload_loop(server, token, image, stop, done):
    """Uploads the photo over and over until stop is set; counts the answers by status."""
    boundary = "benchload7MA4YWxkTrZu0gW"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"photo.jpg\"\r\n"
            f"Content-Type: image/jpeg\r\n\r\n").encode() + image + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"}
    while not stop.is_set():
        status, _ = post(server.base + "/api/users/me/profile/picture", body, headers)
        done.append(status)


def figure_busy_serving(args, server, picture_150):
    """The 150 px rendition fetched on one connection, as a browser fetches avatars one after
    another (its p99 is what a user waits), alone and while every image job slot is busy with a
    12 MP upload (one upload loop per core); rounds interleave the two."""
    url = server.base + picture_150
    loops = os.cpu_count() or 1
    with open(args.image, "rb") as f:
        image = f.read()
    run_id = str(int(time.time() * 1000) % 10**9)
    tokens = [bench_user(server, f"busy{run_id}x{i}") for i in range(loops)]
    rounds = []
    for k in range(args.wrk_rounds):
        res = {}
        for phase in (("alone", "busy") if k % 2 == 0 else ("busy", "alone")):
            if phase == "alone":
                res["alone"] = wrk(args, url, connections=1)
                continue
            stop, done = threading.Event(), []
            threads = [threading.Thread(target=upload_loop, args=(server, t, image, stop, done)) for t in tokens]
            for t in threads:
                t.start()
            time.sleep(1)  # every loop has an upload in flight
            res["busy"] = wrk(args, url, connections=1)
            stop.set()
            for t in threads:
                t.join()
            res["uploads"] = {str(code): done.count(code) for code in sorted(set(done))}
        rounds.append(res)
        log("busy serving: round %d/%d: alone %.0f/s p99 %s ms, busy %.0f/s p99 %s ms, uploads %s" % (
            k + 1, args.wrk_rounds, res["alone"].get("rps") or 0, res["alone"].get("p99_ms"),
            res["busy"].get("rps") or 0, res["busy"].get("p99_ms"), res["uploads"]))
    out = {"loops": loops, "rounds": rounds,
           "failed_uploads": sum(n for r in rounds for code, n in r["uploads"].items() if code != "200"),
           "uploads": sum(r["uploads"].get("200", 0) for r in rounds)}
    for phase in ("alone", "busy"):
        out[phase] = wrk_summary(rounds, phase)
    return out


def figure_refusal(args, classes, server):
    s = args.sizes
    raw = client(args, classes, "refusal", "--base", server.base,
                 "--rounds", str(s["refusal_rounds"]), "--batch", str(s["refusal_batch"]))
    rounds = raw["rounds"]
    out = {"raw": raw, "failures": raw["failures"], "kinds": {}}
    for name, batches in rounds.items():
        flat = [x for b in batches for x in b]
        diffs = [median(b) - median(h) for b, h in zip(batches, rounds["health"])]
        out["kinds"][name] = {"median_ms": median(flat), "p95_ms": pct(flat, 95),
                              "minus_health_ms": median(diffs), "bytes": raw["request_bytes"][name]}
    return out


def figure_memory(args, classes, server):
    """Simultaneous uploads by many users; the server's peak RSS and its log afterwards."""
    raw = client(args, classes, "burst", "--base", server.base, "--image", args.image,
                 "--concurrency", str(args.sizes["burst"]), "--repeat", str(args.sizes["burst_repeat"]))
    return {"raw": raw, "failures": raw["failures"], "concurrency": raw["concurrency"],
            "uploads": len(raw["ms"]), "median_ms": median(raw["ms"]), "max_ms": max(raw["ms"], default=None),
            "vm_hwm_kb": server.memory_kb()["VmHWM"], "oom": server.out_of_memory(), "jvm_opts": server.jvm_opts}


# ---------------------------------------------------------------- verdicts and report

TARGETS = {
    "upload_c1_median_ms": 200,
    # Under concurrent load the server keeps at least this share of the cores busy, and does not
    # do less work per second than a lone upload does. (A lone upload already uses every core for
    # its libvips threads, so c8/c1 throughput no longer shows scaling by itself.)
    "cores_busy_share": 0.75,
    "serving_ratio": 0.5,
    "memory_mb": 600,
    "refusal_ms": 5,
}


def verdict(value, target, lower_is_better=True):
    if value is None:
        return "n/a"
    if lower_is_better:
        return "met" if value < target else f"missed by {value - target:.3g}"
    return "met" if value >= target else f"missed by {target - value:.3g}"


def mb(kb):
    return kb / 1024.0


def megabytes(kb):
    """The target is in MB (10^6 bytes); /proc reports KiB."""
    return kb * 1024 / 1e6


def markdown(res, meta):
    L = [MD_HEADER, ""]
    L.append("Portrait's jar (`target/portrait.jar`) on 127.0.0.1 with its own H2 database and filesystem "
             "store, `MALLOC_ARENA_MAX=2`, upload rate limit lifted; the client (`bench/http/HttpBench.java`, "
             "wrk) shares the same cores. Ratios are taken round by round against baselines measured in the "
             "same rounds. See bench/README.md, \"HTTP section\".")
    L.append("")
    if meta:
        L.append("; ".join(f"{k}: {v}" for k, v in meta.items()))
        L.append("")
    u = res.get("upload")
    if u:
        n = os.cpu_count()
        L += [f"### Upload: the {u['image_bytes'] / 1e6:.2f} MB 12 MP phone JPEG, end to end", "",
              "| figure | value | target | verdict |", "|---|---:|---|---|"]
        L.append(f"| concurrency 1: median / p95 ms | {u['c1']['median_ms']:.0f} / {u['c1']['p95_ms']:.0f} "
                 f"(n={u['c1']['n']}) | median < {TARGETS['upload_c1_median_ms']} ms | "
                 f"{verdict(u['c1']['median_ms'], TARGETS['upload_c1_median_ms'])} |")
        L.append(f"| concurrency {u['concurrency']}: median / p95 ms | {u['cN']['median_ms']:.0f} / "
                 f"{u['cN']['p95_ms']:.0f} (n={u['cN']['n']}) | | |")
        L.append(f"| uploads/s at concurrency 1 (per core) | {u['c1']['per_s']:.2f} ({u['c1']['per_s'] / n:.2f}) | | |")
        L.append(f"| uploads/s at concurrency {u['concurrency']} (per core) | {u['cN']['per_s']:.2f} "
                 f"({u['cN']['per_s'] / n:.2f}) | | |")
        L.append(f"| throughput c{u['concurrency']} / c1 (median of per-round ratios) | {u['scaling']:.2f}x | "
                 f">= 1.0x | {verdict(u['scaling'], 1.0, False)} |")
        for phase, label in (("c1", "concurrency 1"), ("cN", f"concurrency {u['concurrency']}")):
            x = u[phase]
            if "cores_busy" not in x:
                continue
            target, v = "", ""
            if phase == "cN":
                target = f">= {TARGETS['cores_busy_share'] * n:.1f} of {n}"
                v = verdict(x["cores_busy"], TARGETS["cores_busy_share"] * n, False)
            L.append(f"| server CPU at {label}: cores busy / CPU ms per upload | {x['cores_busy']:.2f} / "
                     f"{x['cpu_ms_per_upload']:.0f} | {target} | {v} |")
        L.append(f"| server peak RSS (VmHWM) after these uploads | {mb(u['vm_hwm_kb']):.0f} MiB | | |")
        L.append("")
    s = res.get("serving")
    if s:
        L += [f"### Serving the 150 px rendition ({s['bytes']} bytes): `wrk -t2 -c64 -d{res['wrk_duration']}s`, "
              f"{len(s['rounds'])} interleaved rounds", "",
              "| request | nginx req/s (p50 / p99 ms) | Portrait req/s (p50 / p99 ms) | Portrait / nginx | target | verdict |",
              "|---|---:|---:|---:|---|---|"]
        for code, what in (("200", "GET, 200 with the bytes"), ("304", "GET with If-None-Match, 304")):
            ng, po = s[f"nginx_{code}"], s[f"portrait_{code}"]
            ratio = s.get(f"ratio_{code}")
            L.append(f"| {what} | {fmt(ng['rps'], '.0f')} ({fmt(ng['p50_ms'])} / {fmt(ng['p99_ms'])}) | "
                     f"{fmt(po['rps'], '.0f')} ({fmt(po['p50_ms'])} / {fmt(po['p99_ms'])}) | {fmt(ratio)}x | "
                     f">= {TARGETS['serving_ratio']}x | {verdict(ratio, TARGETS['serving_ratio'], False)} |")
        errs = {k: v["errors"] for k, v in s.items() if isinstance(v, dict) and v.get("errors")}
        if errs:
            L.append("")
            L.append(f"wrk errors (socket errors or non-2xx/3xx): {errs}")
        L.append("")
    b = res.get("busy_serving")
    if b:
        L += [f"### Serving while uploads run: the 150 px rendition on one connection (`wrk -t1 -c1 -d{res['wrk_duration']}s`), "
              f"alone and with {b['loops']} upload loops of the 12 MP JPEG (every image job slot busy), "
              f"{len(b['rounds'])} interleaved rounds", "",
              "| | req/s | p50 / p99 ms |", "|---|---:|---:|"]
        for phase, what in (("alone", "alone"), ("busy", f"{b['loops']} uploads in flight")):
            x = b[phase]
            L.append(f"| {what} | {fmt(x['rps'], '.0f')} | {fmt(x['p50_ms'])} / {fmt(x['p99_ms'])} |")
        L += ["", f"Uploads completed meanwhile: {b['uploads']}, failed: {b['failed_uploads']}. No target in the issue: "
              "this shows that image jobs leave the request threads free (bench/README.md).", ""]
    m = res.get("memory")
    if m:
        L += [f"### Memory: {m['concurrency']} simultaneous 12 MP uploads, `-Xmx256m`", "",
              "| figure | value | target | verdict |", "|---|---:|---|---|"]
        L.append(f"| server peak RSS (VmHWM), {m['uploads']} uploads in bursts of {m['concurrency']} | "
                 f"{mb(m['vm_hwm_kb']):.0f} MiB ({megabytes(m['vm_hwm_kb']):.0f} MB) | < {TARGETS['memory_mb']} MB | "
                 f"{verdict(megabytes(m['vm_hwm_kb']), TARGETS['memory_mb'])} |")
        L.append(f"| OutOfMemoryError in the log | {'yes' if m['oom'] else 'none'} | none | "
                 f"{'missed' if m['oom'] else 'met'} |")
        L.append(f"| failed uploads | {len(m['failures'])} | 0 | {'met' if not m['failures'] else 'missed'} |")
        L.append(f"| upload round trip in a burst: median / max ms | {m['median_ms']:.0f} / {m['max_ms']:.0f} | | |")
        L.append("")
    r = res.get("refusal")
    if r:
        k = r["kinds"]
        L += ["### Refusal cost: round trip on a fresh loopback connection", "",
              "| request | bytes sent | median / p95 ms | minus the baseline (median of per-round differences) | target | verdict |",
              "|---|---:|---:|---:|---|---|"]
        labels = {
            "health": "GET /actuator/health (baseline)",
            "png_100000": "PNG declaring 100000x100000 -> 400 image_too_large",
            "png_30000": "PNG declaring 30000x30000 -> 400 image_too_large",
            "body_13mb": "13 MB body with Content-Length -> 400 file_too_large",
            "body_13mb_chunked": "13 MB body, chunked (no length) -> 411 length_required",
        }
        for name, label in labels.items():
            x = k.get(name)
            if not x:
                continue
            target = "" if name == "health" else f"< {TARGETS['refusal_ms']} ms"
            v = "" if name == "health" else verdict(x["minus_health_ms"], TARGETS["refusal_ms"])
            diff = "" if name == "health" else f"{x['minus_health_ms']:+.2f} ms"
            L.append(f"| {label} | {x['bytes']} | {x['median_ms']:.2f} / {x['p95_ms']:.2f} | {diff} | {target} | {v} |")
        if "png_100000" in k and "png_30000" in k:
            L.append("")
            L.append(f"Declared size does not matter: 100000x100000 minus 30000x30000 = "
                     f"{k['png_100000']['median_ms'] - k['png_30000']['median_ms']:+.2f} ms (medians).")
        L.append("")
    for name, fig in res.get("errors", {}).items():
        L.append(f"- {name}: n/a ({fig})")
    return "\n".join(L).rstrip() + "\n"


def fmt(v, spec=".2f"):
    return "n/a" if v is None else format(v, spec)


def write_md(path, text):
    """Appends the section to the report, replacing an older copy of it."""
    old = ""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            old = f.read()
    if MD_HEADER in old:
        old = old[:old.index(MD_HEADER)]
    with open(path, "w", encoding="utf-8") as f:
        f.write(old.rstrip() + "\n\n" + text)


def smoke_checks(res):
    checks = []
    u = res.get("upload")
    checks.append(("uploads answer 200 at concurrency 1 and N",
                   bool(u) and not u["failures"] and u["c1"]["n"] > 0 and u["cN"]["n"] > 0,
                   u and u["failures"][:2]))
    checks.append(("an upload names its 150 px rendition", bool(u) and bool(u["picture_150"]), u and u["picture_150"]))
    s = res.get("serving")
    if s:
        checks += [(name, ok, detail) for name, ok, detail in s["checks"]]
        for name in ("nginx_200", "portrait_200", "nginx_304", "portrait_304"):
            x = s.get(name, {})
            checks.append((f"wrk {name}", x.get("rps") is not None and x.get("errors") == 0 and not x.get("failed_runs"),
                           json.dumps(x)))
    b = res.get("busy_serving")
    if b:
        checks.append(("a picture file is served while every image job slot is busy",
                       b["busy"].get("rps") is not None and not b["busy"]["errors"] and not b["busy"]["failed_runs"]
                       and not b["failed_uploads"] and b["uploads"] > 0, json.dumps(b["busy"])))
    r = res.get("refusal")
    checks.append(("refusals answer 400 or 411 with their code, health 200", bool(r) and not r["failures"],
                   r and r["failures"][:2]))
    m = res.get("memory")
    checks.append(("a burst of uploads under -Xmx256m succeeds without OutOfMemoryError",
                   bool(m) and not m["failures"] and not m["oom"], m and (m["failures"][:2], m["oom"])))
    for name, why in res.get("errors", {}).items():
        checks.append((name, False, why))
    return checks


SIZES = {
    "full": dict(upload_warmup=8, upload_rounds=6, upload_batch=4, concurrency=8,
                 refusal_rounds=8, refusal_batch=10, burst=16, burst_repeat=3),
    "smoke": dict(upload_warmup=1, upload_rounds=1, upload_batch=1, concurrency=2,
                  refusal_rounds=1, refusal_batch=2, burst=4, burst_repeat=1),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--java", required=True)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--image", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--md")
    ap.add_argument("--meta", action="append", default=[])
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--no-serving", action="store_true")
    ap.add_argument("--wrk-duration", type=int, default=10)
    ap.add_argument("--wrk-rounds", type=int, default=3)
    ap.add_argument("--java-opts", default="", help="extra JVM options for the servers, e.g. JFR")
    args = ap.parse_args()
    for name in ("jar", "image", "work", "out"):
        setattr(args, name, os.path.abspath(getattr(args, name)))
    args.sizes = SIZES["smoke" if args.smoke else "full"]
    args.extra_opts = args.java_opts.split()
    if args.smoke:
        args.wrk_rounds = 1
    os.makedirs(args.work, exist_ok=True)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    t0 = time.monotonic()
    classes = compile_client(args)
    res = {"wrk_duration": args.wrk_duration, "errors": {}}
    load = open("/proc/loadavg").read().split()[:3]
    # In smoke one server (with the small heap) does everything; a full run gives the memory
    # figure its own server so that the other figures run with the JVM's default heap.
    main_opts = ["-Xmx256m"] if args.smoke else []
    server = Server("main", args, [*main_opts, *args.extra_opts])
    try:
        server.start()
        try:
            log("upload figure")
            res["upload"] = figure_upload(args, classes, server)
            if not args.no_serving and res["upload"]["picture_150"]:
                log("serving figure")
                res["serving"] = figure_serving(args, server, res["upload"]["picture_150"])
                log("serving while uploads run")
                res["busy_serving"] = figure_busy_serving(args, server, res["upload"]["picture_150"])
            log("refusal figure")
            res["refusal"] = figure_refusal(args, classes, server)
            if args.smoke:
                res["memory"] = figure_memory(args, classes, server)
        finally:
            server.stop()
            res["main_server"] = {"started_s": server.started_s, "oom": server.out_of_memory(),
                                  "jvm_opts": server.jvm_opts}
        if not args.smoke:
            log("memory figure")
            small = Server("memory", args, ["-Xmx256m", *args.extra_opts])
            small.start()
            try:
                res["memory"] = figure_memory(args, classes, small)
            finally:
                small.stop()
            res["memory"]["oom"] = small.out_of_memory()
    except (RuntimeError, subprocess.SubprocessError, OSError, ValueError) as e:
        res["errors"]["http section"] = str(e)
        log(f"error: {e}")
    res["duration_s"] = round(time.monotonic() - t0)
    with open(args.out, "w") as f:
        json.dump(res, f, indent=1)
    if args.smoke:
        checks = smoke_checks(res)
        failed = [c for c in checks if not c[1]]
        for name, ok, detail in failed:
            print(f"FAIL http: {name}: {detail}", file=sys.stderr)
        print(f"bench http smoke: {len(checks) - len(failed)} passed, {len(failed)} failed "
              f"({res['duration_s']} s)")
        sys.exit(1 if failed else 0)
    meta = {k: v for k, v in (kv.split("=", 1) for kv in args.meta) if k in META_KEYS}
    meta["load at section start"] = " ".join(load)
    meta["section duration"] = f"{res['duration_s']} s"
    text = markdown(res, meta)
    print(text)
    if args.md:
        write_md(args.md, text)
    if res["errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
