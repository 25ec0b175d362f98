"""Load test of the running platform: `uv run sanxin bench load [--duration S] [--users N]`.

Sets up a scratch installation (PostgreSQL when SANXIN_BENCH_DATABASE_URL names an empty
database, else SQLite; a throwaway Redis on loopback as the shared cache for sessions and
cached pages when `redis-server` is installed, or SANXIN_BENCH_CACHE_URL; --no-cache runs
without one), loads the demo alliance plus --orgs organizations and --projects
projects, starts `sanxin serve` (gunicorn, --workers processes × --threads) on loopback,
drives it with locust (headless, bounded by --duration and --users) with the mix in
bench/load/locustfile.py — home, directory, search in three languages, organization and
project pages, the pipeline board, API lists, a symposium's participants and meeting requests,
sending meeting requests — and prints JSON: requests/s, p50/p95/p99 ms, errors, per request name.
The figures are those of the --duration seconds after a warm-up of --warm-up seconds (the
members signing in, every page drawn for the first time, fresh server processes): the
warm-up's own figures and errors are printed beside them ("warm_up").
Target (issue 8, 2 cores, PostgreSQL): 200 requests/s for 5 minutes, p95 ≤ 200 ms, 0 errors.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil  # comes with locust

HERE = Path(__file__).resolve().parent
PASSWORD = "load-test-passphrase-2026"  # noqa: S105 - a scratch installation's


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict[str, str], n_orgs: int, n_projects: int) -> dict[str, str]:
    """Migrate, load the demo and the volume (bench/load/prepare.py, in its own process)."""
    env = {
        **env,
        "SANXIN_LOAD_ORGS": str(n_orgs),
        "SANXIN_LOAD_PROJECTS": str(n_projects),
        "SANXIN_LOAD_PASSWORD": PASSWORD,
    }
    out = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, str(HERE / "load" / "prepare.py")],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_redis(data_dir: str) -> tuple[subprocess.Popen | None, str]:
    """A throwaway Redis for the run: (process, URL), or (None, "") without redis-server."""
    given = os.environ.get("SANXIN_BENCH_CACHE_URL", "")
    binary = shutil.which("redis-server")
    if given or binary is None:
        return None, given
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - redis-server with fixed arguments
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=data_dir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, f"redis://127.0.0.1:{port}/1"
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("redis-server did not start")


def wait_healthy(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server did not become healthy at {url}")


def read_stats(prefix: str) -> dict:
    with Path(f"{prefix}_stats.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    def figures(row: dict) -> dict:
        return {
            "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "requests_per_s": round(float(row["Requests/s"]), 1),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]),
        }

    total = next(r for r in rows if r["Name"] == "Aggregated")
    failures = []
    failure_file = Path(f"{prefix}_failures.csv")
    if failure_file.exists():
        with failure_file.open(encoding="utf-8") as handle:
            failures = [
                {
                    "request": f"{r['Method']} {r['Name']}",
                    "error": r["Error"],
                    "count": int(r["Occurrences"]),
                }
                for r in csv.DictReader(handle)
            ]
    return {
        **figures(total),
        "failures": failures,
        # a request made only during the warm-up (signing in) has no figures in the window
        "by_request": {
            r["Name"]: figures(r)
            for r in rows
            if r["Name"] != "Aggregated" and int(r["Request Count"])
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sanxin bench load")
    parser.add_argument("--duration", type=int, default=300, help="seconds of load measured")
    parser.add_argument(
        "--warm-up", type=int, default=120, help="seconds of load before, not measured"
    )
    parser.add_argument("--users", type=int, default=50, help="simulated members")
    parser.add_argument("--rate", type=float, default=4.0, help="requests/s per member")
    parser.add_argument("--workers", type=int, default=6, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn process")
    parser.add_argument("--orgs", type=int, default=1000)
    parser.add_argument("--projects", type=int, default=3000)
    parser.add_argument(
        "--no-cache", action="store_true", help="no shared cache: no cached pages, DB sessions"
    )
    ns = parser.parse_args(argv)

    data_dir = tempfile.mkdtemp(prefix="sanxin-load-")
    database = os.environ.get("SANXIN_BENCH_DATABASE_URL") or f"sqlite:///{data_dir}/load.sqlite3"
    port = free_port()
    env = {
        **os.environ,
        "SANXIN_DATA_DIR": data_dir,
        "DATABASE_URL": database,
        "SANXIN_SECRET_KEY": "load-bench-only-secret-key-0123456789-abcdefghijklmnop",
        "SANXIN_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SANXIN_WORKERS": str(ns.workers),
        "SANXIN_THREADS": str(ns.threads),
        "SANXIN_MAIL_BACKEND": "locmem",
        "SANXIN_LOGIN_FAILURE_LIMIT": "1000",
        "DJANGO_SETTINGS_MODULE": "sanxin.config.settings",
        # the load mix saves nothing that matching embeds; loading the volume should not wait
        # for the model
        "SANXIN_MATCHING_EMBEDDINGS": "false",
    }
    env.pop("SANXIN_BROKER_URL", None)
    redis, cache_url = (None, "") if ns.no_cache else start_redis(data_dir)
    if cache_url:
        env["SANXIN_CACHE_URL"] = cache_url
    else:
        env.pop("SANXIN_CACHE_URL", None)
    try:
        return _run(ns, env, data_dir=data_dir, database=database, port=port, cache_url=cache_url)
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)


def _run(ns, env: dict[str, str], *, data_dir: str, database: str, port: int, cache_url: str):
    started = time.perf_counter()
    fixtures = prepare(env, ns.orgs, ns.projects)
    setup_s = time.perf_counter() - started
    server_log = Path(data_dir) / "server.log"
    log_file = server_log.open("w")
    server = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "sanxin.cli", "serve", "--port", str(port)],
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}/healthz")
        prefix = str(Path(data_dir) / "locust")
        warm_up_file = Path(data_dir) / "warm_up.json"
        locust_env = {
            **env,
            "SANXIN_LOAD_USERS": fixtures["users"],
            "SANXIN_LOAD_TOKEN": fixtures["token"],
            "SANXIN_LOAD_SLUGS": fixtures["slugs"],
            "SANXIN_LOAD_PROJECTS": fixtures["projects"],
            "SANXIN_LOAD_EVENT": str(fixtures["event"]),
            "SANXIN_LOAD_REGISTRATIONS": fixtures["registrations"],
            "SANXIN_LOAD_RATE": str(ns.rate),
            "SANXIN_LOAD_CACHE_STATS": str(Path(data_dir) / "cache_answers.json"),
            "SANXIN_LOAD_WARM_UP": str(ns.warm_up),
            "SANXIN_LOAD_WARM_UP_FILE": str(warm_up_file),
        }
        locust = subprocess.Popen(  # noqa: S603 - locust with fixed arguments
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(HERE / "load" / "locustfile.py"),
                "--headless",
                "--users",
                str(ns.users),
                "--spawn-rate",
                str(max(1, ns.users // 5)),
                "--run-time",
                f"{ns.warm_up + ns.duration}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                prefix,
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--stop-timeout",
                "10",
            ],
            env=locust_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        cpu_before = server_cpu_s(server.pid)
        while ns.warm_up and not warm_up_file.exists() and locust.poll() is None:
            time.sleep(0.2)
        cpu_before = server_cpu_s(server.pid) if ns.warm_up else cpu_before
        locust.wait()
        stats = read_stats(prefix)
        answers_file = Path(data_dir) / "cache_answers.json"
        answers = json.loads(answers_file.read_text()) if answers_file.exists() else {}
        for name, figures in stats["by_request"].items():
            figures["page_cache"] = answers.get(name, {})
        cpu_used = server_cpu_s(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=30)
        log_file.close()
    result = {
        "benchmark": "load",
        "database": database.split(":", 1)[0],
        "shared_cache": "redis" if cache_url else "none",
        "page_cache_seconds": int(env.get("SANXIN_PAGE_CACHE_SECONDS", "300")) if cache_url else 0,
        "duration_s": ns.duration,
        "warm_up": (
            json.loads(warm_up_file.read_text(encoding="utf-8")) if warm_up_file.exists() else None
        ),
        "users": ns.users,
        "target_rate_per_s": round(ns.users * ns.rate, 1),
        "gunicorn_workers": ns.workers,
        "gunicorn_threads": ns.threads,
        "organizations": ns.orgs,
        "projects": ns.projects,
        "setup_s": round(setup_s, 1),
        **stats,
        # CPU the web server's processes used, per request: what the page costs, whatever else
        # (locust, PostgreSQL, other programs) ran on the same cores meanwhile
        "server_cpu_s": round(cpu_used, 1),
        "server_cpu_ms_per_request": round(1000 * cpu_used / max(1, stats["requests"]), 2),
        "server_log": str(server_log),
        "server_errors": _server_errors(server_log),
        "targets": {"requests_per_s": 200, "p95_ms": 200, "errors": 0},
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


def server_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process and its children (the gunicorn workers)."""
    root = psutil.Process(pid)
    total = 0.0
    for process in [root, *root.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def _server_errors(log: Path) -> list[str]:
    """The last line of each error the server logged (exception type and message)."""
    errors, in_trace = [], False
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("Traceback"):
            in_trace = True
        elif in_trace and line and not line.startswith((" ", "\t")):
            errors.append(line[:300])
            in_trace = False
    return errors[:20]


if __name__ == "__main__":
    sys.exit(main())
