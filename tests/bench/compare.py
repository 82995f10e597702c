"""The same tables as `kua tables`, computed by DuckDB and by pandas from the plaintext CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

POLICE = ["extortion", "beating_torture", "threats_blackmail", "robbery", "humiliation", "unlawful_detention",
          "passport_taken", "no_call_to_relatives", "detention_conditions", "no_lawyer", "rights_not_explained",
          "no_medical_aid", "drugs_planted", "rape", "gang_rape", "unlawful_fine", "forced_hiv_test",
          "refused_medical_services"]  # fmt: skip
MEDICAL = ["extortion", "beating_torture", "threats_blackmail", "humiliation", "forced_hiv_test",
           "refused_medical_services", "free_care_rights_not_explained", "hiv_status_disclosed"]  # fmt: skip
YN = ["knows_where_to_turn", "complained", "complaint_accepted", "measures_taken"]


def duckdb_sql() -> str:
    parts = ["count(*) filter (where consent_statistics = 'yes') as respondents"]
    for prefix, codes in (("police", POLICE), ("medical", MEDICAL)):
        column = f"{prefix}_violations"
        for code in codes:
            parts.append(
                f"count(*) filter (where consent_statistics = 'yes' and "
                f"list_contains(string_split(coalesce({column}, ''), ' '), '{code}')) as \"{prefix}:{code}\""
            )
        for row in YN:
            for answer in ("yes", "no"):
                parts.append(
                    f"count(*) filter (where consent_statistics = 'yes' and {prefix}_{row} = '{answer}') "
                    f'as "yn:{prefix}:{row}:{answer}"'
                )
    return "select " + ", ".join(parts) + " from interviews"


def shape(flat: dict[str, int]) -> dict[str, Any]:
    tables: dict[str, Any] = {"respondents": flat["respondents"], "police": {}, "medical": {},
                              "yn": {"police": {}, "medical": {}}}  # fmt: skip
    for key, value in flat.items():
        parts = key.split(":")
        if parts[0] in ("police", "medical"):
            tables[parts[0]][parts[1]] = value
        elif parts[0] == "yn":
            tables["yn"][parts[1]].setdefault(parts[2], {})[parts[3]] = value
    return tables


def duckdb_connect() -> Any:
    import duckdb

    return duckdb.connect()


def duckdb_load(connection: Any, csv_path: Path) -> None:
    connection.execute("drop table if exists interviews")
    connection.execute(f"create table interviews as select * from read_csv('{csv_path}', all_varchar=true)")


def duckdb_tables(connection: Any) -> dict[str, Any]:
    cursor = connection.execute(duckdb_sql())
    names = [d[0] for d in cursor.description]
    return shape(dict(zip(names, cursor.fetchone(), strict=True)))


def pandas_load(csv_path: Path) -> Any:
    import pandas

    return pandas.read_csv(csv_path, dtype=str, keep_default_na=False)


def pandas_tables(frame: Any) -> dict[str, Any]:
    counted = frame[frame["consent_statistics"] == "yes"]
    flat: dict[str, int] = {"respondents": len(counted)}
    for prefix, codes in (("police", POLICE), ("medical", MEDICAL)):
        lists = counted[f"{prefix}_violations"].str.split(" ")
        exploded = lists.explode()
        counts = exploded.value_counts()
        for code in codes:
            flat[f"{prefix}:{code}"] = int(counts.get(code, 0))
        for row in YN:
            values = counted[f"{prefix}_{row}"].value_counts()
            for answer in ("yes", "no"):
                flat[f"yn:{prefix}:{row}:{answer}"] = int(values.get(answer, 0))
    return shape(flat)
