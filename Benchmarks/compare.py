#!/usr/bin/env python3
"""migstat against DuckDB, Polars and pandas, side by side in one run (Benchmarks/README.md).

    python3 Benchmarks/compare.py [--sizes 1m,10m] [--runs 5] [--questions q1,q2,q3,q4] [--no-build]

Creates Benchmarks/.venv with the pinned peers (requirements.txt) on first use and runs itself there;
builds migstat (release, repository root) and migstat-warm (release, Benchmarks/); exports the geography
mapping to data/areas.csv; generates the scaled data (harness/generate.py) unless it is there for the same
seed; then, for each size, measures every question on every system, the systems taking turns run by run:
  cold  a fresh process from the CSV to the printed answer (wall clock, measured here), and its peak RSS;
  warm  the data loaded once per system in a server process; the query alone, timed inside that process.
Every run's answer is compared with the others' before any time is reported. Prints the table (medians,
and migstat's time divided by each peer's) and writes it with every run's figures to data/results-*.json.
"""

import argparse
import csv
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VENV = os.path.join(HERE, ".venv")
DATA = os.path.join(HERE, "data")
SYSTEMS = ["migstat", "duckdb", "polars", "pandas"]
PEERS = SYSTEMS[1:]
QUESTIONS = ["q1", "q2", "q3", "q4"]
TITLES = {
    "q1": "immigrant stock by SDG region × year",
    "q2": "corridor Central Asia → Türkiye by year",
    "q3": "20 largest corridors, 2024",
    "q4": "stock within the Almaty Process members by year",
}
ALMATY = "AFG,AZE,KAZ,KGZ,TJK,TUR"
MIGSTAT = os.path.join(ROOT, ".build", "release", "migstat")  # --migstat replaces it
WARM = os.path.join(HERE, ".build", "release", "migstat-warm")


def ensure_venv():
    """Re-runs this script inside Benchmarks/.venv, creating it first if needed."""
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        print(f"creating {VENV} (duckdb, polars, pandas from PyPI)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "-r", os.path.join(HERE, "requirements.txt")],
                       check=True)
    os.execv(python, [python, os.path.abspath(__file__)] + sys.argv[1:])


def build():
    for folder, extra in [(ROOT, []), (HERE, ["--product", "migstat-warm"])]:
        print(f"swift build -c release {' '.join(extra)} (in {folder})", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release"] + extra, cwd=folder, check=True,
                       stdout=subprocess.DEVNULL)


def export_areas():
    """The geography mapping every peer joins: ISO3 → English name, subregion and SDG region names."""
    datasets = os.path.join(ROOT, "datasets")
    with open(os.path.join(datasets, "groups.csv"), newline="", encoding="utf-8") as handle:
        groups = {row["code"]: row["name_en"] for row in csv.DictReader(handle)}
    path = os.path.join(DATA, "areas.csv")
    os.makedirs(DATA, exist_ok=True)
    with open(os.path.join(datasets, "geography.csv"), newline="", encoding="utf-8") as handle, \
            open(path + ".tmp", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["iso3", "name", "subregion", "sdg_region"])
        for row in csv.DictReader(handle):
            writer.writerow([row["iso3"], row["name_en"], groups.get(row["subregion"], ""),
                             groups.get(row["sdg_region"], "")])
    os.replace(path + ".tmp", path)
    return path


def dataset(size, seed):
    path = os.path.join(DATA, f"ims-scaled-{size}-s{seed}.csv")
    description = path[:-4] + ".json"
    if not (os.path.exists(path) and os.path.exists(description)):
        subprocess.run([sys.executable, os.path.join(HERE, "harness", "generate.py"), "--size", size,
                        "--seed", str(seed), "--out", DATA], check=True)
    with open(description) as handle:
        return path, json.load(handle)


# --- answers ----------------------------------------------------------------------------------------------

def canonical(question, rows):
    """Rows as comparable tuples: integers as ints, zero cells left out, in one order."""
    out = []
    for row in rows:
        cells = tuple(int(v) if isinstance(v, (int, float)) or (isinstance(v, str) and v.lstrip("-").isdigit())
                      else v for v in row)
        if cells[-1] != 0:
            out.append(cells)
    if question == "q3":
        return sorted(out, key=lambda r: (-r[-1], r[0], r[1]))
    return sorted(out)


def migstat_cli_rows(question, text):
    rows = list(csv.DictReader(io.StringIO(text)))
    if question == "q1":
        return [[r["year"], r["destination"], r["stock"]] for r in rows]
    if question == "q3":
        return [[r["origin"], r["destination"], r["stock"]] for r in rows]
    return [[r["year"], r["stock"]] for r in rows]


def migstat_command(question, data):
    """The migstat CLI's command for a question; `data` may be the CSV or a snapshot made from it."""
    common = ["--data", data, "--format", "csv"]
    return {
        "q1": [MIGSTAT, "stock", "--by", "sdg-region", "--sex", "total"],
        "q2": [MIGSTAT, "corridor", "Central Asia", "TUR", "--sex", "total"],
        "q3": [MIGSTAT, "top", "-n", "20", "--year", "2024", "--sex", "total"],
        "q4": [MIGSTAT, "stock", "--dest", ALMATY, "--origin", ALMATY, "--sex", "total"],
    }[question] + common


# --- measuring --------------------------------------------------------------------------------------------

def cold_run(system, question, data, areas, snapshot=None):
    if system == "migstat":
        command = migstat_command(question, data)
    elif system == "migstat-snapshot":
        command = migstat_command(question, snapshot)
    else:
        command = [sys.executable, os.path.join(HERE, "harness", "peers.py"), "cold", system, data, areas, question]
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, cwd=ROOT)
        out = process.stdout.read()
        # wait4 rather than wait: it gives this child's own resource usage, its peak RSS among it.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = code = os.waitstatus_to_exitcode(status)
        if code != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} exited {code}: {errors.read().decode()[-2000:]}")
    text = out.decode()
    rows = migstat_cli_rows(question, text) if system.startswith("migstat") else json.loads(text)["answer"]
    return seconds, usage.ru_maxrss * 1024, canonical(question, rows)


class Server:
    """A warm process: the data loaded once, questions sent one line at a time."""

    def __init__(self, system, data, areas):
        if system == "migstat":
            command = [WARM, data, "--serve"]
        else:
            command = [sys.executable, os.path.join(HERE, "harness", "peers.py"), "serve", system, data, areas]
        self.system = system
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT,
                                        text=True, encoding="utf-8")
        ready = self.process.stdout.readline()
        if not ready:
            raise RuntimeError(f"{system} warm server did not start")
        self.load_seconds = json.loads(ready)["load_seconds"]

    def ask(self, question):
        self.process.stdin.write(question + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.system} warm server stopped")
        record = json.loads(line)
        return record["seconds"], canonical(question, record["answer"])

    def close(self):
        self.process.stdin.write("quit\n")
        self.process.stdin.close()
        _, _, usage = os.wait4(self.process.pid, 0)
        return usage.ru_maxrss * 1024


def snapshot_supported():
    """Whether this migstat writes snapshots (`migstat ingest FILE -o DATA.migstat`, the engine work of issue 6)."""
    return subprocess.run([MIGSTAT, "ingest", "--help"], capture_output=True).returncode == 0


def make_snapshot(data, log):
    """Writes DATA.migstat beside the CSV (timed once: the cost a user pays before the cold runs from it)."""
    path = data[:-4] + ".migstat"
    started = time.perf_counter()
    subprocess.run([MIGSTAT, "ingest", data, "-o", path], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    log(f"  snapshot {os.path.basename(path)} written in {seconds:.2f} s ({os.path.getsize(path) / 2**20:,.0f} MiB)")
    return path, seconds


def rotated(run, systems=SYSTEMS):
    """The systems' order in a run: each goes first in turn."""
    k = run % len(systems)
    return systems[k:] + systems[:k]


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def measure(size, data, areas, questions, runs, log, snapshots):
    results = {"cold": {}, "warm": {}, "rss_cold": {}, "rss_warm": {}, "load": {}, "mismatch": []}
    cold_systems, snapshot = SYSTEMS, None
    if snapshots:
        snapshot, results["snapshot_seconds"] = make_snapshot(data, log)
        cold_systems = SYSTEMS + ["migstat-snapshot"]
    answers = {}

    def check(mode, question, system, answer):
        key = question
        if key not in answers:
            answers[key] = (system, answer)
        elif answers[key][1] != answer:
            first = answers[key]
            results["mismatch"].append({"mode": mode, "question": question, "system": system,
                                        "versus": first[0], "answer": answer[:5], "expected": first[1][:5]})
            log(f"  MISMATCH {mode} {question}: {system} ≠ {first[0]}")

    log(f"[{size}] cold: {runs} runs × {len(questions)} questions × {len(cold_systems)} systems")
    for run in range(runs):
        for question in questions:
            for system in rotated(run, cold_systems):
                seconds, rss, answer = cold_run(system, question, data, areas, snapshot)
                check("cold", question, system, answer)
                results["cold"].setdefault(question, {}).setdefault(system, []).append(seconds)
                results["rss_cold"].setdefault(question, {}).setdefault(system, []).append(rss)
        log(f"  cold run {run + 1}/{runs} done")

    log(f"[{size}] warm: loading the data into one server per system")
    servers = {}
    try:
        for system in SYSTEMS:
            servers[system] = Server(system, data, areas)
            results["load"][system] = servers[system].load_seconds
            log(f"  {system} loaded in {servers[system].load_seconds:.2f} s")
        for question in questions:
            for system in SYSTEMS:  # one untimed run each: first-use costs out of the way
                servers[system].ask(question)
        for run in range(runs):
            for question in questions:
                for system in rotated(run):
                    seconds, answer = servers[system].ask(question)
                    check("warm", question, system, answer)
                    results["warm"].setdefault(question, {}).setdefault(system, []).append(seconds)
    finally:
        for system, server in servers.items():
            results["rss_warm"][system] = server.close()
    results["answers"] = {q: a[1] for q, a in answers.items()}
    return results


# --- report -----------------------------------------------------------------------------------------------

def fmt_seconds(s):
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def fmt_bytes(b):
    return f"{b / 2**20:,.0f} MiB" if b < 2**30 else f"{b / 2**30:.2f} GiB"


def table(all_results, descriptions):
    lines = []
    header = ("| size | question | mode | " + " | ".join(SYSTEMS) + " | "
              + " | ".join(f"migstat ÷ {p}" for p in PEERS) + " |")
    lines += [header, "|" + "---|" * (3 + len(SYSTEMS) + len(PEERS))]
    for size, results in all_results.items():
        rows = f"{descriptions[size]['rows'] / 1e6:.1f} M"
        bad = {(m["mode"], m["question"]) for m in results["mismatch"]}
        for question in results["cold"]:
            for mode in ["cold", "warm"]:
                if question not in results[mode]:
                    continue
                if (mode, question) in bad:
                    lines.append(f"| {rows} | {question.upper()} | {mode} | answers differ: no time reported |")
                    continue
                medians = {s: median(results[mode][question][s]) for s in SYSTEMS}
                cells = [fmt_seconds(medians[s]) for s in SYSTEMS]
                ratios = [f"{medians['migstat'] / medians[p]:.2f}" for p in PEERS]
                lines.append(f"| {rows} | {question.upper()} | {mode} | " + " | ".join(cells) + " | "
                             + " | ".join(ratios) + " |")
            if "migstat-snapshot" in results["cold"][question] and ("cold", question) not in bad:
                snap = median(results["cold"][question]["migstat-snapshot"])
                peers = {p: median(results["cold"][question][p]) for p in PEERS}
                lines.append(f"| {rows} | {question.upper()} | cold, migstat from its snapshot | {fmt_seconds(snap)} | "
                             + " | ".join(fmt_seconds(peers[p]) for p in PEERS) + " | "
                             + " | ".join(f"{snap / peers[p]:.2f}" for p in PEERS) + " |")
            rss = {s: median(results["rss_cold"][question][s]) for s in SYSTEMS}
            lines.append(f"| {rows} | {question.upper()} | peak RSS (cold) | "
                         + " | ".join(fmt_bytes(rss[s]) for s in SYSTEMS) + " | "
                         + " | ".join(f"{rss['migstat'] / rss[p]:.2f}" for p in PEERS) + " |")
        warm = results["rss_warm"]
        lines.append(f"| {rows} | all | peak RSS (warm process) | "
                     + " | ".join(fmt_bytes(warm[s]) for s in SYSTEMS) + " | "
                     + " | ".join(f"{warm['migstat'] / warm[p]:.2f}" for p in PEERS) + " |")
        if "snapshot_seconds" in results:
            lines.append(f"| {rows} | all | migstat ingest CSV → snapshot (once) | "
                         f"{fmt_seconds(results['snapshot_seconds'])} | | | | | | |")
        load = results["load"]
        lines.append(f"| {rows} | all | load into memory (warm process) | "
                     + " | ".join(fmt_seconds(load[s]) for s in SYSTEMS) + " | "
                     + " | ".join(f"{load['migstat'] / load[p]:.2f}" for p in PEERS) + " |")
    return "\n".join(lines)


def machine():
    model = ""
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as handle:
        memory = int(handle.readline().split()[1]) * 1024
    import duckdb, pandas, polars
    return {
        "nproc": os.cpu_count(), "cpu": model, "memory": fmt_bytes(memory), "kernel": platform.release(),
        "python": platform.python_version(), "duckdb": duckdb.__version__, "polars": polars.__version__,
        "pandas": pandas.__version__,
        "swift": subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0],
        "threads": "DuckDB threads = cores (default); Polars POLARS_MAX_THREADS = cores (default); "
                   "pandas one thread; migstat its own parallel kernel on all cores",
        "migstat": MIGSTAT, "load_average_start": os.getloadavg(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1m,10m", help="comma-separated: 1m, 10m, 20m, 100m")
    parser.add_argument("--runs", type=int, default=5, help="runs per question, system and mode (≥ 5)")
    parser.add_argument("--questions", default=",".join(QUESTIONS))
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--no-build", action="store_true", help="use the release binaries already built")
    parser.add_argument("--migstat", help="the migstat CLI to measure (default: .build/release/migstat)")
    parser.add_argument("--no-snapshot", action="store_true",
                        help="skip the cold runs from a snapshot even where migstat can write one")
    arguments = parser.parse_args()
    ensure_venv()
    global MIGSTAT
    if arguments.migstat:
        MIGSTAT = os.path.abspath(arguments.migstat)
    if arguments.runs < 5:
        print("compare: note: fewer than 5 runs is a trial, not a result", file=sys.stderr)
    if not arguments.no_build:
        build()
    for binary in [MIGSTAT, WARM]:
        if not os.path.exists(binary):
            sys.exit(f"compare: {binary} is missing: build it (drop --no-build)")
    areas = export_areas()
    snapshots = not arguments.no_snapshot and snapshot_supported()
    questions = arguments.questions.split(",")
    info = machine()
    started = time.time()

    def log(message):
        print(f"[{time.time() - started:7.1f} s] {message}", file=sys.stderr, flush=True)

    all_results, descriptions = {}, {}
    for size in arguments.sizes.split(","):
        data, descriptions[size] = dataset(size, arguments.seed)
        all_results[size] = measure(size, data, areas, questions, arguments.runs, log, snapshots)
    info["load_average_end"] = os.getloadavg()
    info["seconds"] = round(time.time() - started)
    report = table(all_results, descriptions)
    command = "python3 Benchmarks/compare.py " + " ".join(sys.argv[1:])
    print(f"\ncommand: {command}\nmachine: {json.dumps(info, ensure_ascii=False)}\n")
    print(report)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    with open(os.path.join(DATA, f"results-{stamp}.json"), "w") as handle:
        json.dump({"command": command, "machine": info, "data": descriptions, "results": all_results,
                   "table": report}, handle, indent=1, ensure_ascii=False)
    if any(r["mismatch"] for r in all_results.values()):
        sys.exit("compare: some answers differ between systems (see the table)")


if __name__ == "__main__":
    main()
