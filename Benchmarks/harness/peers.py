"""The peers of the comparison: DuckDB, Polars and pandas answering the four questions from the same CSV,
with the same geography mapping given as a small table to join (data/areas.csv, exported from the
project's datasets/geography.csv and groups.csv by compare.py).

    python harness/peers.py cold SYSTEM DATA.csv AREAS.csv QUESTION    load, answer, print the answer, exit
    python harness/peers.py serve SYSTEM DATA.csv AREAS.csv            load, then answer the questions named
                                                                       on stdin, one JSON line each, timed

Each question is written the way an analyst would write it in that system: filter to both sexes, join the
mapping table, group and sum over the ages. The timed part of a warm answer is the query to a materialised
result (DuckDB fetchall, Polars collect, pandas' result frame); turning it into JSON is not timed.
"""

import json
import sys
import time

QUESTIONS = ["q1", "q2", "q3", "q4"]
ALMATY_MEMBERS = ["AFG", "AZE", "KAZ", "KGZ", "TJK", "TUR"]
CENTRAL_ASIA = "Central Asia"  # a subregion name in areas.csv
TURKIYE = "TUR"
TOP_YEAR, TOP_N = 2024, 20
OTHER = "(other)"  # migstat's label for areas outside every SDG region


# --- DuckDB -----------------------------------------------------------------------------------------------

class DuckDBPeer:
    def __init__(self, data, areas):
        import duckdb
        self.con = duckdb.connect()  # in memory; threads = the machine's cores (2 here)
        self.con.execute("SET enable_progress_bar = false")  # it would write into the answer on stdout
        self.con.execute(
            "CREATE TABLE migrants AS SELECT * FROM read_csv(?, header = true, columns = {"
            "'year': 'SMALLINT', 'origin': 'VARCHAR', 'destination': 'VARCHAR', 'sex': 'VARCHAR', "
            "'age': 'VARCHAR', 'stock': 'BIGINT'})", [data])
        self.con.execute("CREATE TABLE areas AS SELECT * FROM read_csv(?, header = true, all_varchar = true)",
                         [areas])
        self.con.execute("CREATE TABLE members (iso3 VARCHAR)")
        self.con.executemany("INSERT INTO members VALUES (?)", [[code] for code in ALMATY_MEMBERS])

    SQL = {
        "q1": f"""SELECT m.year, coalesce(a.sdg_region, '{OTHER}') AS region, sum(m.stock) AS stock
                  FROM migrants m LEFT JOIN areas a ON a.iso3 = m.destination
                  WHERE m.sex = 'total' GROUP BY ALL""",
        "q2": f"""SELECT m.year, sum(m.stock) AS stock
                  FROM migrants m JOIN areas o ON o.iso3 = m.origin
                  WHERE m.sex = 'total' AND o.subregion = '{CENTRAL_ASIA}' AND m.destination = '{TURKIYE}'
                  GROUP BY ALL""",
        "q3": f"""SELECT o.name, d.name, c.stock FROM (
                    SELECT origin, destination, sum(stock) AS stock FROM migrants
                    WHERE year = {TOP_YEAR} AND sex = 'total' GROUP BY ALL) c
                  JOIN areas o ON o.iso3 = c.origin JOIN areas d ON d.iso3 = c.destination
                  ORDER BY c.stock DESC LIMIT {TOP_N}""",
        "q4": """SELECT m.year, sum(m.stock) AS stock FROM migrants m
                 WHERE m.sex = 'total' AND m.origin IN (SELECT iso3 FROM members)
                   AND m.destination IN (SELECT iso3 FROM members)
                 GROUP BY ALL""",
    }

    def query(self, question):
        return self.con.execute(self.SQL[question]).fetchall()

    def rows(self, question, result):
        return [list(row) for row in result]


# --- Polars -----------------------------------------------------------------------------------------------

class PolarsPeer:
    def __init__(self, data, areas):
        import polars as pl
        self.pl = pl
        # Codes as Categorical (dictionary-encoded), as a user who knows the columns would read them.
        self.frame = pl.read_csv(data, schema={
            "year": pl.Int16, "origin": pl.Categorical, "destination": pl.Categorical, "sex": pl.Categorical,
            "age": pl.Categorical, "stock": pl.Int64})
        self.areas = pl.read_csv(areas, infer_schema=False).with_columns(pl.col("iso3").cast(pl.Categorical))
        self.members = pl.DataFrame({"iso3": ALMATY_MEMBERS}).with_columns(pl.col("iso3").cast(pl.Categorical))

    def query(self, question):
        pl = self.pl
        both = self.frame.lazy().filter(pl.col("sex") == "total")
        areas = self.areas.lazy()
        if question == "q1":
            return (both.join(areas.select("iso3", "sdg_region"), left_on="destination", right_on="iso3", how="left")
                    .group_by("year", pl.col("sdg_region").fill_null(OTHER).alias("region"))
                    .agg(pl.col("stock").sum()).collect())
        if question == "q2":
            return (both.join(areas.select("iso3", "subregion"), left_on="origin", right_on="iso3")
                    .filter((pl.col("subregion") == CENTRAL_ASIA) & (pl.col("destination") == TURKIYE))
                    .group_by("year").agg(pl.col("stock").sum()).collect())
        if question == "q3":
            names = areas.select("iso3", "name")
            return (both.filter(pl.col("year") == TOP_YEAR).group_by("origin", "destination")
                    .agg(pl.col("stock").sum()).sort("stock", descending=True).head(TOP_N)
                    .join(names.rename({"name": "origin_name"}), left_on="origin", right_on="iso3")
                    .join(names.rename({"name": "destination_name"}), left_on="destination", right_on="iso3")
                    .select("origin_name", "destination_name", "stock").sort("stock", descending=True).collect())
        if question == "q4":
            members = self.members.lazy()
            return (both.join(members, left_on="origin", right_on="iso3", how="semi")
                    .join(members, left_on="destination", right_on="iso3", how="semi")
                    .group_by("year").agg(pl.col("stock").sum()).collect())
        raise ValueError(question)

    def rows(self, question, result):
        return [list(row) for row in result.iter_rows()]


# --- pandas -----------------------------------------------------------------------------------------------

class PandasPeer:
    def __init__(self, data, areas):
        import pandas as pd
        self.pd = pd
        self.frame = pd.read_csv(data, dtype={
            "year": "int16", "origin": "category", "destination": "category", "sex": "category",
            "age": "category", "stock": "int64"})
        self.areas = pd.read_csv(areas, dtype=str, keep_default_na=False).replace("", None)
        self.members = pd.DataFrame({"iso3": ALMATY_MEMBERS})

    def query(self, question):
        df = self.frame
        both = df[df["sex"] == "total"]
        if question == "q1":
            joined = both.merge(self.areas[["iso3", "sdg_region"]], left_on="destination", right_on="iso3",
                                how="left")
            joined["sdg_region"] = joined["sdg_region"].fillna(OTHER)
            return joined.groupby(["year", "sdg_region"], observed=True, sort=False)["stock"].sum().reset_index()
        if question == "q2":
            joined = both.merge(self.areas[["iso3", "subregion"]], left_on="origin", right_on="iso3")
            chosen = joined[(joined["subregion"] == CENTRAL_ASIA) & (joined["destination"] == TURKIYE)]
            return chosen.groupby("year", sort=False)["stock"].sum().reset_index()
        if question == "q3":
            year = both[both["year"] == TOP_YEAR]
            pairs = (year.groupby(["origin", "destination"], observed=True, sort=False)["stock"].sum()
                     .nlargest(TOP_N).reset_index())
            names = self.areas[["iso3", "name"]]
            pairs = pairs.merge(names.rename(columns={"iso3": "origin", "name": "origin_name"}), on="origin")
            pairs = pairs.merge(names.rename(columns={"iso3": "destination", "name": "destination_name"}),
                                on="destination")
            return pairs[["origin_name", "destination_name", "stock"]]
        if question == "q4":
            members = set(self.members["iso3"])
            chosen = both[both["origin"].isin(members) & both["destination"].isin(members)]
            return chosen.groupby("year", sort=False)["stock"].sum().reset_index()
        raise ValueError(question)

    def rows(self, question, result):
        return [[value.item() if hasattr(value, "item") else value for value in row]
                for row in result.itertuples(index=False, name=None)]


SYSTEMS = {"duckdb": DuckDBPeer, "polars": PolarsPeer, "pandas": PandasPeer}


def emit(record):
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main():
    mode, system, data, areas = sys.argv[1:5]
    started = time.perf_counter()
    peer = SYSTEMS[system](data, areas)
    load_seconds = time.perf_counter() - started
    if mode == "cold":
        question = sys.argv[5]
        emit({"question": question, "answer": peer.rows(question, peer.query(question))})
        return
    emit({"ready": True, "load_seconds": load_seconds})
    for line in sys.stdin:
        question = line.strip().lower()
        if not question:
            continue
        if question == "quit":
            break
        started = time.perf_counter()
        result = peer.query(question)
        seconds = time.perf_counter() - started
        emit({"question": question, "seconds": seconds, "answer": peer.rows(question, result)})


if __name__ == "__main__":
    main()
