"""Badge and certificate rendering times: python -m tests.benchmarks.bench_pdf [--items N]."""

import argparse
import os
import time

from seminar.badges import render as badges
from seminar.certificates import render as certificates
from tests.factories import EDITION, make_badge, make_certificate


def cpu_seconds() -> float:
    """CPU time of this process and its finished workers: steadier than wall time on a busy box."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed(label: str, function, *args, **kwargs):
    started, cpu = time.perf_counter(), cpu_seconds()
    result = function(*args, **kwargs)
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    print(f"{label:<58} {wall:6.2f} s wall {cpu:6.2f} s CPU")
    return result


def one_document_per_item(render_one, items) -> None:
    for item in items:
        render_one(item)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--per-item", type=int, default=50)
    args = parser.parse_args()
    n = args.items

    badge_data = [make_badge(i) for i in range(n)]
    cert_data = [make_certificate(i) for i in range(n)]

    # Badges render in one process: the artwork once, then each badge's lines and QR drawn.
    result = timed(
        f"{n} badges with QR, a4-4up",
        badges.render_badges, badge_data, edition=EDITION, layout="a4-4up",
    )  # fmt: skip
    print(f"{'':<58} {len(result) / 1e6:6.2f} MB")
    timed(f"{n} badges with QR, a6", badges.render_badges, badge_data, edition=EDITION, layout="a6")
    split = timed(
        f"{n} certificates, one PDF each",
        certificates.render_certificates, cert_data, edition=EDITION,
    )  # fmt: skip
    print(f"{'':<58} {sum(map(len, split)) / len(split) / 1e3:6.1f} kB each")

    m = args.per_item
    batch = timed(
        f"{m} badges, a6, one batch",
        badges.render_badges, badge_data[:m], edition=EDITION, layout="a6",
    )  # fmt: skip
    del batch
    timed(
        f"{m} badges, a6, one document per badge",
        one_document_per_item,
        lambda b: badges.render_badges([b], edition=EDITION, layout="a6"),
        badge_data[:m],
    )
    timed(
        f"{m} certificates, one batch",
        certificates.render_certificates, cert_data[:m], edition=EDITION,
    )  # fmt: skip
    timed(
        f"{m} certificates, one call per certificate",
        one_document_per_item,
        lambda c: certificates.render_certificate(c, edition=EDITION),
        cert_data[:m],
    )


if __name__ == "__main__":
    main()
