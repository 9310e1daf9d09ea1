"""How many officials at once (`python bench/load_bench.py`): N sessions against `pledges serve`.

Starts the dashboard on the city-scale store of bench/store_bench.py, a fresh server for
each N, and drives N simultaneous sessions through 현황 → 공약 상세 → 예산 → 변화, session i
looking at ward i of the 25 (the mayor's office and the wards at once). It prints p50 and
p95 of the time each page takes until it is fully drawn, the errors and the server's peak
memory, twice: with the sessions arriving as the server starts (every cache empty: the
worst case, a restart; each page reads the quarters kept at import, store/quarters.py), and
once the server has been up (the same sessions ran once before, so its caches hold what they
read).

Sessions speak Streamlit's websocket protocol (dashboard/protocol.py): "drawn" is the
server's `script_finished` after every element was sent. `--browser` drives real Chromium
pages instead ("drawn": the page's last element is on screen and Streamlit's status widget
has been quiet for 0.4 s); on this 2-core machine that mostly measures the browsers.

`--deployment URL` runs the same against docs/deploy.md's shape on this machine: two app
processes on PostgreSQL behind nginx, sticky by client (each simulated client sends its own
`X-Client` header, which nginx hashes, because every client here has the same IP).
Goals: p95 under 3 s at 10 sessions on one process, no error at 20.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CITY = ROOT / "bench" / "out" / "city_25x8x100.sqlite"
CHROMIUM = "/usr/bin/chromium"
#: (page, its url path, what is on screen once a browser has drawn it)
STEPS = [("현황", "", "[data-testid='stMetric']"), ("공약 상세", "pledge", ".js-plotly-plot"),
         ("예산", "budget", ".js-plotly-plot"), ("변화", "changes", "[data-testid='stMetric']")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base: str, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{base} did not start")


def start_app(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "PLEDGES_DB": url}
    return subprocess.Popen([sys.executable, "-m", "cli.main", "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def stop_app(app: subprocess.Popen) -> None:
    os.killpg(app.pid, signal.SIGTERM)
    app.wait(30)


def peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def city_choices() -> list[tuple[str, str]]:
    """(ward, its latest 기준일) for every ward of the city store: session i looks at choice i."""
    from store import open_store

    store = open_store(f"sqlite:///{CITY}")
    choices = [(ward, store.as_of_dates(ward)[-1].isoformat()) for ward in store.wards()]
    store.engine.dispose()
    return choices


async def protocol_session(base: str, client: int, choice: tuple[str, str], times: dict, errors: list) -> None:
    from dashboard.protocol import Session

    ward, as_of = choice
    try:
        async with Session(base, headers={"X-Client": f"client-{client}"}) as session:
            for number, (name, path, _) in enumerate(STEPS):
                run = await (session.open(path, ward=ward, as_of=as_of) if number == 0 else session.open(path))
                times.setdefault(name, []).append(run.seconds)
                if run.error:
                    errors.append(f"client {client} {name}: {run.error}")
    except Exception as problem:
        errors.append(f"client {client}: {type(problem).__name__}: {str(problem)[:120]}")


async def drawn(page, selector: str) -> None:
    await page.locator(selector).first.wait_for(timeout=120_000)
    quiet_since = None
    while True:
        running = await page.locator("[data-testid='stStatusWidget']").count()
        now = time.perf_counter()
        if running:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since >= 0.4:
            return
        await asyncio.sleep(0.05)


async def browser_session(browser, base: str, client: int, choice: tuple[str, str], times: dict,
                          errors: list) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR",
                                        extra_http_headers={"X-Client": f"client-{client}"})
    page = await context.new_page()
    try:
        started = time.perf_counter()
        await page.goto(f"{base}/?ward={choice[0]}&as_of={choice[1]}")
        await drawn(page, STEPS[0][2])
        times.setdefault(STEPS[0][0], []).append(time.perf_counter() - started - 0.4)
        for name, _, selector in STEPS[1:]:
            started = time.perf_counter()
            await page.get_by_role("link", name=name, exact=True).first.click()
            await drawn(page, selector)
            times.setdefault(name, []).append(time.perf_counter() - started - 0.4)
        if await page.locator("[data-testid='stException'], [data-testid='stAlertContentError']").count():
            errors.append(f"client {client}: an error on screen")
    except Exception as problem:
        errors.append(f"client {client}: {type(problem).__name__}: {str(problem)[:120]}")
    finally:
        await context.close()


async def load(base: str, n: int, choices: list[tuple[str, str]], browser: bool) -> tuple[dict, list]:
    times: dict[str, list[float]] = {}
    errors: list[str] = []
    picks = [choices[i % len(choices)] for i in range(n)]
    if not browser:
        await asyncio.gather(*(protocol_session(base, i, picks[i], times, errors) for i in range(n)))
        return times, errors
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        await asyncio.gather(*(browser_session(chromium, base, i, picks[i], times, errors) for i in range(n)))
        await chromium.close()
    return times, errors


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


HEADER = ("| sessions | p50 (s) | p95 (s) | slowest page (its p95) | errors | server peak memory |\n"
          "|---:|---:|---:|---|---:|---:|")


def row(n: int, times: dict, errors: list, memory_mb: float) -> str:
    every = [t for values in times.values() for t in values]
    if not every:
        return f"| {n} | - | - | - | {len(errors)} | {memory_mb:.0f} MB |"
    worst = max(times, key=lambda k: quantile(times[k], 0.95))
    return (f"| {n} | {statistics.median(every):.2f} | {quantile(every, 0.95):.2f} | "
            f"{worst} ({quantile(times[worst], 0.95):.2f}) | {len(errors)} | {memory_mb:.0f} MB |")


def measure(n: int, base: str, pids: list[int], choices: list, browser: bool, up: bool = False) -> None:
    """`up`: the same sessions ran once before on this server (its caches hold what they read), as on a
    server that has served the morning; otherwise the sessions arrive at a server that just started."""
    warmed = None
    if up:
        started = time.perf_counter()
        asyncio.run(load(base, n, choices, browser))
        warmed = time.perf_counter() - started
    times, errors = asyncio.run(load(base, n, choices, browser))
    memory = sum(peak_kb(pid) for pid in pids) / 1024
    print(row(n, times, errors, memory) + (f" (a first pass took {warmed:.0f} s)" if warmed else ""), flush=True)
    for error in errors[:3]:
        print(f"  - {error}")


def single(counts: list[int], choices: list, browser: bool, warm: bool) -> None:
    state = ("a server that has been up (the same sessions ran once before)" if warm
             else "a fresh server for each N, the sessions arriving as it starts (cold caches)")
    print(f"\none process, SQLite (pledges serve){', Chromium pages' if browser else ''}; {state}")
    print(HEADER)
    for n in counts:
        port = free_port()
        app = start_app(f"sqlite:///{CITY}", port)
        try:
            wait_healthy(f"http://127.0.0.1:{port}")
            base = f"http://127.0.0.1:{port}"
            measure(n, base, [app.pid], choices, browser, up=warm)
        finally:
            stop_app(app)


NGINX = """worker_processes 1; pid {folder}/nginx.pid; error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off; client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
  map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
  upstream pledges {{ hash $http_x_client consistent; server 127.0.0.1:{a}; server 127.0.0.1:{b}; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{ proxy_pass http://pledges; proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade;
                 proxy_set_header Connection $connection_upgrade; proxy_set_header Host $host;
                 proxy_read_timeout 86400; }}
  }}
}}
"""


def copy_city_into(pg_url: str) -> None:
    """The city store, table by table, into an empty PostgreSQL database (once; later runs reuse it)."""
    from sqlalchemy import create_engine, text

    from store import open_store
    from store.models import Base

    target = open_store(pg_url)  # schema at head
    source = create_engine(f"sqlite:///{CITY}")
    with target.engine.begin() as out, source.connect() as inp:
        if out.execute(text("select count(*) from snapshots")).scalar():
            return
        print("copying the city store into PostgreSQL …", flush=True)
        tables = Base.metadata.sorted_tables  # parents before the rows that point at them
        for table in tables:  # typed reads (dates, booleans) through the models' tables
            rows = [dict(r._mapping) for r in inp.execute(table.select())]
            if rows:
                out.execute(table.insert(), rows)
        for table in tables:  # serial ids continue after the copied rows
            if "id" in table.c and table.c.id.autoincrement is not False and table.c.id.primary_key:
                out.execute(text(f"select setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                 f"(select coalesce(max(id), 1) from \"{table.name}\"))"))
    target.engine.dispose()


def deployment(pg_url: str, counts: list[int], choices: list, browser: bool, warm: bool) -> None:
    """Two app processes on PostgreSQL behind nginx, fresh for each N, as docs/deploy.md lays them out."""
    copy_city_into(pg_url)
    state = "processes that have been up (a first pass done)" if warm else "fresh processes for each N (cold caches)"
    print(f"\ntwo processes, PostgreSQL, nginx with sticky sessions (docs/deploy.md); {state}")
    print(HEADER)
    for n in counts:
        a, b, port = free_port(), free_port(), free_port()
        apps = [start_app(pg_url, a), start_app(pg_url, b)]
        folder = Path(tempfile.mkdtemp())
        (folder / "nginx.conf").write_text(NGINX.format(folder=folder, a=a, b=b, port=port))
        proxy = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(folder / "nginx.conf"),
                                  "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for p in (a, b):
                wait_healthy(f"http://127.0.0.1:{p}")
            wait_healthy(f"http://127.0.0.1:{port}")
            measure(n, f"http://127.0.0.1:{port}", [app.pid for app in apps], choices, browser, up=warm)
        finally:
            proxy.terminate()
            proxy.wait(30)
            for app in apps:
                stop_app(app)
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", default="1,5,10,20", help="comma-separated N")
    parser.add_argument("--browser", action="store_true", help="real Chromium pages instead of the websocket protocol")
    parser.add_argument("--deployment", metavar="POSTGRES_URL",
                        help="also run against two processes on this PostgreSQL database behind nginx")
    parser.add_argument("--deployment-only", action="store_true", help="skip the one-process runs")
    args = parser.parse_args()
    if not CITY.exists():
        sys.exit("bench/out/city_25x8x100.sqlite is missing: run `python bench/store_bench.py` first")
    counts = [int(n) for n in args.sessions.split(",")]
    choices = city_choices()  # opening the store also runs its migrations before any timing
    if not args.deployment_only:
        single(counts, choices, args.browser, warm=False)
        single(counts, choices, args.browser, warm=True)
    if args.deployment:
        deployment(args.deployment, counts, choices, args.browser, warm=False)
        deployment(args.deployment, counts, choices, args.browser, warm=True)


if __name__ == "__main__":
    main()
