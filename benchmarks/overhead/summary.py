#!/usr/bin/env python3
"""Summarises benchmarks/overhead.sh's rounds.tsv into the markdown tables of docs/PERFORMANCE.md.

Per traffic and mode: the median over the rounds of the machine's busy share (cpu_pct, % of all
CPUs), the agent's own share, frames/s received on the hooked veth, what the traffic achieved, and the
RPC round-trip p50/p99. Then the paired differences: within each round, mode minus its control,
as the median and the range over the rounds.
"""
import statistics
import sys
from collections import defaultdict

PAIRS = {
    "a": [("filter", "none"), ("filter", "pass"), ("pass", "none")],
    "b": [("syscalls", "base"), ("base", "none"), ("syscalls", "none")],
    "c": [("all", "none"), ("all", "pass"), ("pass", "none")],
    "d": [("filter", "none"), ("probe100", "none"), ("syscalls", "none"), ("net", "none"), ("heal", "none"), ("all", "none")],
}
TITLES = {
    "a": "a. mesh filter with probes (the agent) / XDP_PASS / nothing, iperf3",
    "b": "b. syscall hook on an RPC echo (sockperf ping-pong)",
    "c": "c. everything on: iperf3 TCP 1G + RPC echo (TCP), /metrics scraped every second",
    "d": "d. the agent one part at a time: no traffic (idle) and part c's traffic (mixed)",
}


def num(s):
    try:
        return float(s.rstrip("/s"))
    except ValueError:
        return None


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(x, nd=2):
    return "-" if x is None else f"{x:,.{nd}f}"


def main(path):
    rows = [line.rstrip("\n").split("\t") for line in open(path)]
    head, rows = rows[0], rows[1:]
    ix = {h: i for i, h in enumerate(head)}
    by = defaultdict(list)  # (part, traffic, mode) -> rows
    order = []
    for r in rows:
        k = (r[ix["part"]], r[ix["traffic"]])
        if k not in order:
            order.append(k)
        by[k + (r[ix["mode"]],)].append(r)
    loads = [r[ix["load"]] for r in rows]
    for part in sorted({p for p, _ in order}):
        print(f"\n### {TITLES.get(part, part)}\n")
        print("| traffic | mode | machine CPU % | agent CPU % | frames/s on the hooked veth | achieved | RTT p50 us | RTT p99 us | rounds |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for p, t in order:
            if p != part:
                continue
            for mode in dict.fromkeys(r[ix["mode"]] for r in rows if r[0] == p and r[1] == t):
                rs = by[(p, t, mode)]
                col = lambda c: med([num(r[ix[c]]) for r in rs])
                ach = col("achieved")
                unit = "/s" if rs[0][ix["achieved"]].endswith("/s") else " Mbit/s"
                print(f"| {t} | {mode} | {fmt(col('cpu_pct'))} | {fmt(col('agent_pct'))} | {fmt(col('rx_frames_s'), 0)}"
                      f" | {fmt(ach, 0)}{unit} | {fmt(col('p50_us'), 1)} | {fmt(col('p99_us'), 1)} | {len(rs)} |")
        print("\nPaired differences (same round; median [min .. max] over the rounds; CPU in percentage points"
              " of the whole machine, RTT in us):\n")
        print("| traffic | difference | CPU added | of which the agent process | CPU added outside the agent process | RTT p50 added | RTT p99 added |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for p, t in order:
            if p != part:
                continue
            for a, b in PAIRS.get(part, []):
                ra = {r[ix["round"]]: r for r in by[(p, t, a)]}
                rb = {r[ix["round"]]: r for r in by[(p, t, b)]}
                common = sorted(set(ra) & set(rb))
                if not common:
                    continue

                def diff(c):
                    if c == "outside":
                        ds = [(num(ra[k][ix["cpu_pct"]]) - num(ra[k][ix["agent_pct"]]))
                              - (num(rb[k][ix["cpu_pct"]]) - num(rb[k][ix["agent_pct"]])) for k in common]
                    else:
                        ds = [num(ra[k][ix[c]]) - num(rb[k][ix[c]]) for k in common
                              if num(ra[k][ix[c]]) is not None and num(rb[k][ix[c]]) is not None]
                    if not ds:
                        return "-"
                    return f"{statistics.median(ds):+.2f} [{min(ds):+.2f} .. {max(ds):+.2f}]"

                print(f"| {t} | {a} - {b} | {diff('cpu_pct')} | {diff('agent_pct')} | {diff('outside')} | {diff('p50_us')}"
                      f" | {diff('p99_us')} |")
    threads(path.rsplit("/", 1)[0] + "/threads.tsv" if "/" in path else "threads.tsv")
    if loads:
        l1 = [float(x.split("/")[0]) for x in loads]
        print(f"\nLoad average (1 min) during the rounds: {min(l1):.2f} .. {max(l1):.2f}")


def threads(path):
    """The agent's CPU by thread (median over the rounds, % of the machine), the top ones per mode."""
    try:
        lines = [l.rstrip("\n").split("\t") for l in open(path)][1:]
    except FileNotFoundError:
        return
    if not lines:
        return
    by = defaultdict(lambda: defaultdict(dict))  # (part, traffic, mode) -> thread -> round -> pct
    for part, traffic, rnd, mode, name, pct in lines:
        by[(part, traffic, mode)][name][rnd] = float(pct)
    print("\n### The agent's CPU by thread (% of the machine, median over the rounds; top 6)\n")
    print("| part | traffic | mode | threads |")
    print("|---|---|---|---|")
    for (part, traffic, mode), th in by.items():
        rounds = {r for v in th.values() for r in v}
        meds = {n: statistics.median([v.get(r, 0.0) for r in rounds]) for n, v in th.items()}
        top = sorted(meds.items(), key=lambda kv: -kv[1])[:6]
        print(f"| {part} | {traffic} | {mode} | " + ", ".join(f"{n} {p:.2f}" for n, p in top) + " |")


if __name__ == "__main__":
    main(sys.argv[1])
