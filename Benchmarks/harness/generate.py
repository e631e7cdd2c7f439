"""Scale generator: realistic larger tidy extracts from the real UN DESA IMS 2024 bilateral table.

    python harness/generate.py --size 10m [--seed 2024] [--out data/]

Writes data/ims-scaled-SIZE-sSEED.csv (and a .json beside it describing what it holds), with the columns

    year,origin,destination,sex,age,stock

one row per (origin-destination pair, year, sex, age group):
  - year: every year 1990-2024. The UN gives 1990, 1995, ..., 2020 and 2024; the years between are
    linear interpolations of each pair's male and female stocks, rounded to whole persons.
  - sex: total, male, female (the UN's "both sexes", "male", "female"); total = male + female on every
    (pair, year, age), exactly.
  - age: 21 five-year groups "0-4" ... "95-99", "100+". The UN publishes no bilateral table by age, so each
    pair gets a deterministic pseudo-random age profile (one per sex): a typical migrant-stock age shape
    (working ages heaviest) with every group's weight multiplied by a log-normal factor (sigma 0.35) drawn
    from the seed. A sex's stock is split over the ages by largest remainders, so the ages add up to it.
  - stock: whole persons (zeros kept: every pair has every year, sex and age).
Each pair gives 35 × 3 × 21 = 2,205 rows; the size chooses the number of pairs:
  - 1m: the 454 largest real pairs (by 2024 stock), 1,001,070 rows
  - 10m: the 4,536 largest real pairs, 10,001,880 rows
  - 20m: all 9,348 real pairs, 20,612,340 rows
  - 100m: all 9,348 real pairs and 36,004 synthetic ones, 100,001,160 rows. A synthetic pair joins an origin
    and a destination of the real table that the UN reports no stock between; it takes the 8-year male and
    female series of a randomly drawn real pair, scaled by a factor drawn log-uniformly in [0.005, 0.2] (the
    pairs the UN leaves out are small ones). They are made up: figures from this file are not statistics.
On the UN's own years, the real pairs' total stock (summed over ages) equals the UN's figure exactly.
Rows are written pair by pair (pairs in the order above), then year, sex, age.
Deterministic: the same seed and size give the same bytes (numpy's PCG64 generator).
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import polars as pl

UN_YEARS = [1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024]
YEARS = list(range(1990, 2025))
SEXES = ["total", "male", "female"]
AGES = [f"{5 * i}-{5 * i + 4}" for i in range(20)] + ["100+"]
ROWS_PER_PAIR = len(YEARS) * len(SEXES) * len(AGES)  # 2,205
SIZES = {"1m": 1_000_000, "10m": 10_000_000, "20m": 20_612_340, "100m": 100_000_000}
# A migrant-stock age shape (share per five-year group), heaviest at working ages; only its form matters.
BASE_AGE_SHAPE = np.array([2.5, 3.0, 3.5, 4.5, 7.0, 9.5, 10.5, 10.5, 9.5, 8.5, 7.5, 6.5,
                           5.5, 4.5, 3.3, 2.2, 1.2, 0.5, 0.2, 0.05, 0.01])
SYNTHETIC_SCALE = (0.005, 0.2)
CHUNK_PAIRS = 2000


def real_pairs(path):
    """The real table as arrays: origin and destination codes, and [pair, UN year, sex] stocks (male, female)."""
    frame = pl.read_csv(path, columns=["year", "orig", "dest", "stock", "stock_male", "stock_female"],
                        schema_overrides={"orig": pl.Utf8, "dest": pl.Utf8})
    frame = frame.sort(["orig", "dest", "year"])
    pairs = frame.select(["orig", "dest"]).unique(maintain_order=True)
    count = pairs.height
    if frame.height != count * len(UN_YEARS):
        sys.exit(f"generate: {path}: expected every pair to have the UN's {len(UN_YEARS)} years")
    if frame["year"].to_list()[:len(UN_YEARS)] != UN_YEARS:
        sys.exit(f"generate: {path}: unexpected years")
    if (frame["stock_male"] + frame["stock_female"] != frame["stock"]).any():
        sys.exit(f"generate: {path}: stock is not male + female on every row")
    series = np.stack([frame["stock_male"].to_numpy(), frame["stock_female"].to_numpy()], axis=-1)
    series = series.reshape(count, len(UN_YEARS), 2).astype(np.float64)
    return pairs["orig"].to_list(), pairs["dest"].to_list(), series


def interpolate(series):
    """[pair, UN year, sex] → [pair, year 1990-2024, sex], linear between the UN's years, rounded."""
    un = np.array(UN_YEARS, dtype=np.float64)
    out = np.empty((series.shape[0], len(YEARS), 2), dtype=np.float64)
    for j, year in enumerate(YEARS):
        k = min(np.searchsorted(un, year, side="right") - 1, len(UN_YEARS) - 2)
        t = (year - un[k]) / (un[k + 1] - un[k])
        out[:, j, :] = series[:, k, :] + (series[:, k + 1, :] - series[:, k, :]) * t
    return np.rint(out).astype(np.int64)


def split_by_age(counts, profiles):
    """counts [n, ...] split over profiles [n, ..., 21] (rows summing to 1) by largest remainders."""
    exact = counts[..., None] * profiles
    floor = np.floor(exact).astype(np.int64)
    remainder = counts - floor.sum(axis=-1)
    fraction = exact - floor
    # Rank of each age by its fraction (largest first, ties by age order): the top `remainder` get one more.
    order = np.argsort(-fraction, axis=-1, kind="stable")
    rank = np.argsort(order, axis=-1, kind="stable")
    return floor + (rank < remainder[..., None])


def plan(size, seed, source):
    origins, destinations, series = real_pairs(source)
    rng = np.random.Generator(np.random.PCG64(seed))
    # Largest real pairs first (2024 total), ties by code order: the smaller sizes take a prefix.
    latest = series[:, -1, :].sum(axis=-1)
    order = sorted(range(len(origins)), key=lambda i: (-latest[i], origins[i], destinations[i]))
    origins = [origins[i] for i in order]
    destinations = [destinations[i] for i in order]
    series = series[order]
    wanted = math.ceil(SIZES[size] / ROWS_PER_PAIR) if size != "20m" else len(origins)
    synthetic = max(0, wanted - len(origins))
    kinds = ["real"] * min(wanted, len(origins))
    origins, destinations, series = origins[:len(kinds)], destinations[:len(kinds)], series[:len(kinds)]
    if synthetic:
        taken = set(zip(origins, destinations))
        candidates = [(o, d) for o in sorted(set(origins)) for d in sorted(set(destinations))
                      if o != d and (o, d) not in taken]
        if synthetic > len(candidates):
            sys.exit(f"generate: only {len(candidates)} unreported pairs for {synthetic} synthetic ones")
        chosen = rng.choice(len(candidates), size=synthetic, replace=False)
        donors = rng.integers(0, len(kinds), size=synthetic)
        low, high = np.log(SYNTHETIC_SCALE[0]), np.log(SYNTHETIC_SCALE[1])
        scale = np.exp(rng.uniform(low, high, size=synthetic))
        origins += [candidates[i][0] for i in chosen]
        destinations += [candidates[i][1] for i in chosen]
        series = np.concatenate([series, np.rint(series[donors] * scale[:, None, None])])
        kinds += ["synthetic"] * synthetic
    # Age profiles: [pair, sex (male, female), age].
    noise = np.exp(rng.normal(0.0, 0.35, size=(len(kinds), 2, len(AGES))))
    profiles = BASE_AGE_SHAPE[None, None, :] * noise
    profiles /= profiles.sum(axis=-1, keepdims=True)
    return origins, destinations, series, profiles, kinds


def write(size, seed, source, out_dir):
    started = time.time()
    origins, destinations, series, profiles, kinds = plan(size, seed, source)
    pairs = len(kinds)
    rows = pairs * ROWS_PER_PAIR
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"ims-scaled-{size}-s{seed}.csv")
    temporary = path + ".tmp"
    codes = sorted(set(origins) | set(destinations))
    code_index = {code: i for i, code in enumerate(codes)}
    origin_codes = np.array([code_index[c] for c in origins], dtype=np.int32)
    destination_codes = np.array([code_index[c] for c in destinations], dtype=np.int32)
    code_names = pl.Series(codes, dtype=pl.Utf8)
    year_values = np.array(YEARS, dtype=np.int16)
    with open(temporary, "wb") as handle:
        handle.write(b"year,origin,destination,sex,age,stock\n")
        for start in range(0, pairs, CHUNK_PAIRS):
            stop = min(pairs, start + CHUNK_PAIRS)
            n = stop - start
            by_year = interpolate(series[start:stop])                       # [n, year, (m, f)]
            by_age = split_by_age(by_year, profiles[start:stop, None, :, :])  # [n, year, (m, f), age]
            stock = np.empty((n, len(YEARS), 3, len(AGES)), dtype=np.int64)
            stock[:, :, 1:, :] = by_age
            stock[:, :, 0, :] = by_age.sum(axis=2)
            shape = stock.shape
            pair_index = np.broadcast_to(np.arange(start, stop)[:, None, None, None], shape).ravel()
            frame = pl.DataFrame({
                "year": np.broadcast_to(year_values[None, :, None, None], shape).ravel(),
                "origin": code_names.gather(origin_codes[pair_index]),
                "destination": code_names.gather(destination_codes[pair_index]),
                "sex": pl.Series(SEXES).gather(np.broadcast_to(np.arange(3)[None, None, :, None], shape).ravel()),
                "age": pl.Series(AGES).gather(np.broadcast_to(np.arange(len(AGES))[None, None, None, :], shape).ravel()),
                "stock": stock.ravel(),
            })
            frame.write_csv(handle, include_header=False)
            print(f"\rgenerate {size}: {stop}/{pairs} pairs", end="", file=sys.stderr, flush=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    print(file=sys.stderr)
    description = {
        "file": os.path.basename(path), "size": size, "seed": seed, "rows": rows, "pairs": pairs,
        "real_pairs": kinds.count("real"), "synthetic_pairs": kinds.count("synthetic"),
        "columns": ["year", "origin", "destination", "sex", "age", "stock"],
        "years": [YEARS[0], YEARS[-1]], "sexes": SEXES, "ages": AGES,
        "bytes": os.path.getsize(path), "source": os.path.abspath(source), "generator": "harness/generate.py",
        "seconds": round(time.time() - started, 1),
    }
    with open(path[:-4] + ".json.tmp", "w") as handle:
        json.dump(description, handle, indent=2)
    os.replace(path[:-4] + ".json.tmp", path[:-4] + ".json")
    return path, description


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), required=True)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--out", default=os.path.join(here, "..", "data"))
    parser.add_argument("--source", default=os.path.join(
        here, "..", "..", "..", "shared", "datasets", "un-desa-ims-2024", "stock_bilateral_long.csv"))
    arguments = parser.parse_args()
    path, description = write(arguments.size, arguments.seed, arguments.source, arguments.out)
    print(f"{path}: {description['rows']:,} rows, {description['bytes'] / 1e6:,.0f} MB, {description['seconds']} s")


if __name__ == "__main__":
    main()
