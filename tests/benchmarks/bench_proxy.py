"""What HTTPS through nginx costs: registrations/s and check-in scans/s through Debian's nginx
(deploy/nginx/seminario.conf, TLS with a self-signed certificate, keep-alive to the upstream) in
front of gunicorn (2 workers), beside the same gunicorn reached directly, on PostgreSQL
(SEMINAR_TEST_POSTGRES, else SQLite). One database, one gunicorn: the two paths take turns
(direct, nginx, nginx, direct) so that both meet the same load from the rest of the machine; the
load average is printed beside each turn.
Run: python -m tests.benchmarks.bench_proxy"""

import os
import ssl
import tempfile
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from tests.benchmarks.bench_checkin import PEOPLE, STATIONS, run_pass, seed
from tests.benchmarks.bench_registration import CLIENTS, PER_CLIENT, run_clients
from tests.benchmarks.server import create_edition, database, environment, gunicorn, percentile
from tests.stack import Nginx, certificate

TURNS = ("gunicorn direct, HTTP", "nginx + TLS → gunicorn", "nginx + TLS → gunicorn",
         "gunicorn direct, HTTP")  # fmt: skip


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    backend = "postgresql" if os.environ.get("SEMINAR_TEST_POSTGRES") else "sqlite"
    batch = CLIENTS * PER_CLIENT
    print(
        f"{backend}; gunicorn -w 2; per turn {CLIENTS} clients register {batch} people (GET form "
        f"+ POST, CSRF, keep-alive) and {STATIONS} stations scan {PEOPLE // 4} badges first time"
    )
    print(
        "| turn | path | registrations/s | p99 | not 302 | scans/s | p99 | not ok | load 1/5/15 |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    totals = defaultdict(lambda: [0, 0.0, 0, 0.0])
    with tempfile.TemporaryDirectory() as tmp, database(backend) as url:
        tmp = Path(tmp)
        env = {**environment(url), "TRUSTED_PROXIES": "1"}
        codes, token = seed(env, str(tmp / "people.csv"))
        # Half the registrations find the edition full, as in bench_registration: turns 1 and 2
        # confirm, turns 3 and 4 go to the waiting list; each path has one of each.
        create_edition(env, date(2099, 10, 4), 2 * batch, slug="bench-reg")
        cert, key = certificate(tmp)
        context = ssl.create_default_context(cafile=str(cert))
        with gunicorn(env) as direct:
            nginx = Nginx(tmp / "nginx", int(direct.rsplit(":", 1)[1]), cert, key).start()
            try:
                for turn, path in enumerate(TURNS):
                    base, tls = (nginx.url, context) if "nginx" in path else (direct, None)
                    before = load()
                    regs, reg_s = run_clients(base, "bench-reg", tls, first=turn * batch)
                    scans, scan_s = run_pass(base, token, codes[turn::4], tls)
                    bad_regs = sum(1 for status, _ in regs if status != 302)
                    bad_scans = Counter(a for s, a, _ in scans if s != 200 or a != "ok")
                    total = totals[path]
                    total[0] += len(regs)
                    total[1] += reg_s
                    total[2] += len(scans)
                    total[3] += scan_s
                    print(
                        f"| {turn + 1} | {path} | {len(regs) / reg_s:.0f} | "
                        f"{percentile([s * 1000 for _, s in regs], 0.99):.0f} ms | {bad_regs} | "
                        f"{len(scans) / scan_s:.0f} | "
                        f"{percentile([ms for _, _, ms in scans], 0.99):.0f} ms | "
                        f"{sum(bad_scans.values())} | {before} → {load()} |",
                        flush=True,
                    )
            finally:
                nginx.stop()
    direct_path, proxy_path = TURNS[0], TURNS[1]
    d, p = totals[direct_path], totals[proxy_path]
    print(
        f"\ndirect: {d[0] / d[1]:.0f} registrations/s, {d[2] / d[3]:.0f} scans/s; "
        f"through nginx + TLS: {p[0] / p[1]:.0f} registrations/s, {p[2] / p[3]:.0f} scans/s; "
        f"cost {100 * (1 - (p[0] / p[1]) / (d[0] / d[1])):.0f} % and "
        f"{100 * (1 - (p[2] / p[3]) / (d[2] / d[3])):.0f} %"
    )


if __name__ == "__main__":
    main()
