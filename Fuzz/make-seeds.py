#!/usr/bin/env python3
"""Writes the seed inputs of a fuzz target into a folder (not kept in git: made again each run).

  make-seeds.py ingest DIR      slices of the real files in ../shared, small files of every layout,
                                and the bad-input corpus of Tests/MigStatTests/BadInputs
  make-seeds.py snapshot DIR    snapshots (written by `migstat ingest MIGSTAT`) of small slices

Each seed starts with the control byte the fuzz target reads (options, or re-sealing); the seeds
are written once with each setting that matters."""
import os, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
shared = os.path.join(os.path.dirname(root), "shared", "datasets")
target, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)

def lines(path, n):
    with open(path, "rb") as f:
        return b"".join(f.readline() for _ in range(n))

def real_slices():
    files = [os.path.join(d, f) for d, _, fs in os.walk(shared) for f in fs if f.endswith(".csv")]
    for path in sorted(files):
        name = os.path.basename(path)[:-4]
        size = os.path.getsize(path)
        for n in (2, 12, 40, 200):
            yield f"{name}-{n}lines", lines(path, n)
        if size < 65536:
            yield f"{name}-whole", open(path, "rb").read()
        # A slice from the middle, after the header: rows the header does not precede.
        with open(path, "rb") as f:
            head = f.readline()
            f.seek(size // 2); f.readline()
            yield f"{name}-middle", head + b"".join(f.readline() for _ in range(30))

LAYOUTS = {
    "matrix": "destination,Mexico,Guatemala,Other,Total\nUSA,100,20,5,125\nCAN,10,2,1,13\nTotal,110,22,6,138\n",
    "matrix-year": "year,destination,Mexico,Peru\n2020,USA,100,20\n2020,Chile,1,2\n",
    "wide-years": "destination;1990;2000;2020\nMexico;1 000;2 000;3 000\nChile;..;5;6\n",
    "wide-years-sex": "destination,origin,sex,1990,2020\nSpain,Peru,male,10,20\nSpain,Peru,female,11,21\nSpain,Peru,total,21,41\n",
    "long-sex": "year,origin,destination,sex,count\n2020,MEX,USA,total,100\n2020,MEX,USA,male,60\n2020,MEX,USA,female,40\n",
    "age": "year,origin,destination,age,sex,count\n2020,PER,CHL,0-4,total,5\n2020,PER,CHL,5-9,total,6\n",
    "semicolon-comma": "año;origen;destino;total\n2020;Perú;Chile;\"1.234\"\n2020;México;Estados Unidos;10.931.939\n",
    "quoted-newline": 'year,origin,destination,stock\n2020,"Bolivia\n(Plurinational State of)",Chile,7\n2020,Peru,Chile,"1,000"\n',
    "utf16": None,
}
ENV = dict(os.environ, MIGSTAT_CACHE_DIR="")

def write(name, data, controls):
    for c in controls:
        with open(os.path.join(out, f"{name}-c{c}"), "wb") as f:
            f.write(bytes([c]) + data)

if target == "ingest":
    controls = (0, 1, 2, 3)
    for name, data in real_slices():
        write(name, data, controls)
    for name, text in LAYOUTS.items():
        if text is None:
            write(name, b"\xff\xfe" + LAYOUTS["long-sex"].replace(",", "\t").encode("utf-16-le"), controls)
        else:
            write(name, text.encode("utf-8"), controls)
            write(name + "-1252", text.encode("cp1252", "replace"), (0,))
    bad = os.path.join(root, "Tests", "MigStatTests", "BadInputs")
    if os.path.isdir(bad):
        for f in sorted(os.listdir(bad)):
            path = os.path.join(bad, f)
            if os.path.isfile(path) and os.path.getsize(path) < 65536:
                write("bad-" + f, open(path, "rb").read(), (0, 2))
elif target == "snapshot":
    # The debug build when there is one (scripts/migstat would build a release first).
    debug = os.path.join(root, ".build", "debug", "migstat")
    migstat = debug if os.access(debug, os.X_OK) else os.path.join(root, "scripts", "migstat")
    with tempfile.TemporaryDirectory() as tmp:
        sources = dict(real_slices())
        sources.update({k: v.encode() for k, v in LAYOUTS.items() if v})
        for name, data in sources.items():
            csv, snap = os.path.join(tmp, name + ".csv"), os.path.join(tmp, name + ".migstat")
            open(csv, "wb").write(data)
            args = [migstat, "ingest", csv, "-o", snap]
            if name.startswith("matrix") and "year" not in name:
                args += ["--data-year", "2020"]
            if subprocess.run(args, capture_output=True, env=ENV).returncode == 0 and os.path.getsize(snap) < 200_000:
                write(name, open(snap, "rb").read(), (0, 1))
else:
    sys.exit(f"unknown target {target}: ingest or snapshot")
print(len(os.listdir(out)), "seeds in", out)
