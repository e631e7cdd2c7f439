#!/usr/bin/env python3
"""Check datasets/geography.csv and datasets/groups.csv against the UN DESA files.

Standard library only. Usage (from the project root):

    python3 datasets/verify_geography.py [--shared PATH]

--shared defaults to ../shared next to the project root (where developers and CI
have the read-only UN DESA files). Checks:

1. every M49 code of the IMS 2024 bilateral CSV (destinations and origins) is a
   row of geography.csv, with the same ISO3 code;
2. every country row of IMS 2020 Table 1 is a row of geography.csv, and the
   name the table prints resolves to that row;
3. every name and alias in geography.csv and groups.csv resolves to exactly
   one thing (compared case- and accent-insensitively: NFKD, combining marks
   dropped, casefold), and every group code a geography row uses exists in
   groups.csv with the right kind;
4. for EVERY region/grouping row of IMS 2020 Table 1, the sum of the country
   rows that geography.csv assigns to the group equals the published row, for
   each of the 21 columns (7 years x both sexes, males, females). ".." counts
   as nothing. A difference in a males/females column that is exactly the
   both-sexes figure of member rows whose sex split is ".." is reported as
   explained (the UN includes figures it does not publish), not as a mismatch.

Exit status 0 when there is no mismatch or error, 1 otherwise.
"""
import argparse
import csv
import os
import sys
import unicodedata
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GEO_HEADER = ["m49", "iso3", "name_en", "name_es", "aliases", "region", "subregion",
              "intermediate", "sdg_region", "development", "income", "other_groups"]
GRP_HEADER = ["code", "kind", "name_en", "name_es", "aliases"]
KIND_OF_COLUMN = {"region": "region", "subregion": "subregion", "intermediate": "intermediate",
                  "sdg_region": "sdg_region", "development": "development", "income": "income"}
YEARS = [1990, 1995, 2000, 2005, 2010, 2015, 2020]
SEXES = ["both", "male", "female"]
COLUMNS = [(sex, y) for sex in SEXES for y in YEARS]


def norm(s):
    """Case- and accent-insensitive key."""
    d = unicodedata.normalize("NFKD", s.casefold())
    return " ".join("".join(c for c in d if not unicodedata.combining(c)).split())


def read_csv(path, header):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if rows[0] != header:
        raise SystemExit(f"{path}: header is {rows[0]}, expected {header}")
    return [dict(zip(header, r)) for r in rows[1:]]


def split(s):
    return [x for x in s.split("|") if x]


def load_table1(path):
    """Data rows of IMS 2020 Table 1: (index, name, code, type, values[21] with None for '..')."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    start = next(i for i, r in enumerate(rows) if len(r) > 1 and r[1].startswith("Region, development group"))
    out = []
    for r in rows[start + 1:]:
        if len(r) < 26 or not r[3].strip():
            continue
        vals = [None if v.strip() == ".." else int(v) for v in r[5:26]]
        out.append({"index": r[0], "name": r[1].strip(), "code": int(r[3]), "type": r[4].strip(), "vals": vals})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--geography", default=os.path.join(HERE, "geography.csv"))
    ap.add_argument("--groups", default=os.path.join(HERE, "groups.csv"))
    args = ap.parse_args()
    ims24 = os.path.join(args.shared, "datasets", "un-desa-ims-2024", "stock_bilateral_long.csv")
    ims20 = os.path.join(args.shared, "datasets", "un-desa-ims-2020", "ims2020_destination_table1.csv")

    errors = []
    geo = read_csv(args.geography, GEO_HEADER)
    grp = read_csv(args.groups, GRP_HEADER)
    areas = {int(g["m49"]): g for g in geo}
    groups = {int(g["code"]): g for g in grp}
    if len(areas) != len(geo):
        errors.append("geography.csv: duplicate m49 code")
    if len(groups) != len(grp):
        errors.append("groups.csv: duplicate code")

    # 3. one name -> one thing; group codes exist with the right kind
    claims = defaultdict(set)  # normalised name -> {"area 4", "group 2", ...}
    for prefix, rows, key in (("area", geo, "m49"), ("group", grp, "code")):
        for g in rows:
            for n in [g["name_en"], g["name_es"]] + split(g["aliases"]):
                if not n.strip():
                    errors.append(f"{prefix} {g[key]}: empty name or alias")
                claims[norm(n)].add(f"{prefix} {g[key]}")
    owner = {}
    for k, who in sorted(claims.items()):
        if len(who) > 1:
            errors.append(f"name {k!r} resolves to more than one thing: {', '.join(sorted(who))}")
        else:
            owner[k] = next(iter(who))
    membership = defaultdict(set)  # group code -> area codes
    for c, g in areas.items():
        membership[900].add(c)
        for col, kind in KIND_OF_COLUMN.items():
            if g[col]:
                code = int(g[col])
                if code not in groups or groups[code]["kind"] != kind:
                    errors.append(f"area {c}: {col} {code} is not a {kind} in groups.csv")
                membership[code].add(c)
            elif col not in ("intermediate", "income"):
                errors.append(f"area {c}: {col} is empty")
        for x in split(g["other_groups"]):
            code = int(x)
            if code not in groups or groups[code]["kind"] not in ("ldc", "lldc", "sids", "composite"):
                errors.append(f"area {c}: other_groups {code} is not an ldc/lldc/sids/composite group")
            membership[code].add(c)
    for code, g in groups.items():
        if not membership.get(code):
            errors.append(f"group {code} ({g['name_en']}) has no member in geography.csv")

    # 1. IMS 2024 codes
    with open(ims24, encoding="utf-8", newline="") as f:
        seen24 = {}
        for r in csv.DictReader(f):
            seen24[int(r["dest_iso3n"])] = r["dest"]
            seen24[int(r["orig_iso3n"])] = r["orig"]
    for c, iso in sorted(seen24.items()):
        if c not in areas:
            errors.append(f"IMS 2024 code {c} ({iso}) is not in geography.csv")
        elif areas[c]["iso3"] != iso:
            errors.append(f"IMS 2024 code {c}: ISO3 {iso} but geography.csv says {areas[c]['iso3']}")

    # 2. IMS 2020 Table 1 country rows
    table = load_table1(ims20)
    def is_country(r):
        # "Type of data" is empty on region/grouping rows, and also on three country rows
        # whose figures are all ".." (158, 652, 663): those are areas, not groups.
        return bool(r["type"]) or (r["code"] in areas and r["code"] not in groups)
    countries = [r for r in table if is_country(r)]
    aggregates = [r for r in table if not is_country(r)]
    for r in countries:
        if r["code"] not in areas:
            errors.append(f"Table 1 row {r['index']} {r['name']!r} (code {r['code']}) is not in geography.csv")
        elif owner.get(norm(r["name"])) != f"area {r['code']}":
            errors.append(f"Table 1 row {r['index']}: name {r['name']!r} does not resolve to area {r['code']}")

    # 4. sums of every region/grouping row
    values = {r["code"]: r["vals"] for r in countries}
    mismatches, explained = [], []
    for r in aggregates:
        code = r["code"] if r["code"] in groups else None
        if code is None:  # UN DESA codes its geographic regions 903, 935, 910...: resolve by name
            who = owner.get(norm(r["name"]), "")
            code = int(who.split()[1]) if who.startswith("group ") else None
        if code is None:
            errors.append(f"Table 1 row {r['index']} {r['name']!r} (code {r['code']}) resolves to no group")
            continue
        members = membership.get(code, set()) & set(values)
        for j, (sex, year) in enumerate(COLUMNS):
            total = sum(values[c][j] for c in members if values[c][j] is not None)
            published = r["vals"][j]
            if published == total or (published is None and total == 0):
                continue
            mismatches.append((r, code, sex, year, published, total))
        # males/females residuals explained by members with an undisclosed sex split
        for y_i, year in enumerate(YEARS):
            hidden = [c for c in members if values[c][y_i] is not None
                      and values[c][7 + y_i] is None and values[c][14 + y_i] is None]
            if not hidden:
                continue
            hid = sum(values[c][y_i] for c in hidden)
            res = {}
            for m in list(mismatches):
                if m[0] is r and m[3] == year and m[2] in ("male", "female"):
                    res[m[2]] = m
            if len(res) == 2:
                rm = res["male"][4] - res["male"][5]
                rf = res["female"][4] - res["female"][5]
                if rm >= 0 and rf >= 0 and rm + rf == hid:
                    for m in res.values():
                        mismatches.remove(m)
                    explained.append((r, code, year, rm, rf, hid, hidden))

    print(f"geography.csv: {len(geo)} areas; groups.csv: {len(grp)} groups")
    print(f"IMS 2024: {len(seen24)} codes; IMS 2020 Table 1: {len(countries)} country rows, "
          f"{len(aggregates)} region/grouping rows checked x {len(COLUMNS)} columns")
    by_row = defaultdict(list)
    for r, code, year, rm, rf, hid, hidden in explained:
        by_row[(r["index"], r["name"], code, tuple(sorted(hidden)))].append(f"{year} {rm}+{rf}={hid}")
    for (index, name, code, hidden), parts in by_row.items():
        names = ", ".join(areas[c]["name_en"] for c in hidden)
        print(f"explained: row {index} {name} (-> {code}): males+females short by the both-sexes figure of "
              f"{names} (sex split '..'): " + "; ".join(parts))
    for r, code, sex, year, published, total in mismatches:
        diff = None if published is None else published - total
        print(f"MISMATCH: row {r['index']} {r['name']} (code {r['code']} -> {code}) {sex} {year}: "
              f"published {published}, sum of members {total}, difference {diff}")
    for e in errors:
        print(f"ERROR: {e}")
    print(f"{len(aggregates)} groupings checked: {len(mismatches)} mismatches, "
          f"{len(explained)} explained (row, year) differences, {len(errors)} errors")
    return 1 if mismatches or errors else 0


if __name__ == "__main__":
    sys.exit(main())
