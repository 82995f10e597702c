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
TRAFFICKING = "trafficking_indicators"
MULTIPLE = ("police_violations", "medical_violations", TRAFFICKING)
YN = ["knows_where_to_turn", "complained", "complaint_accepted", "measures_taken"]
# shared/spec/cases.md, written out here: the peers do not use Kua's code.
INDICATORS = ["documents_withheld", "debt_bondage", "not_free_to_leave", "deceived_about_work",
              "earnings_withheld", "threats_to_family", "moved_for_work", "forced_to_work"]  # fmt: skip
STATUSES = ["open", "in_progress", "resolved_full", "resolved_partial", "unresolved", "closed_by_respondent"]
ACTIONS = ["legal_consultation", "psychosocial_support", "complaint_drafted", "complaint_filed",
           "court_representation", "accompaniment", "mediation", "referral", "follow_up_contact"]  # fmt: skip
BODIES = [
    "police_internal_security",
    "prosecutor",
    "court",
    "ombudsman",
    "health_department",
    "other_state_body",
]
SERVICES = ["aids_centre", "friendly_clinic", "harm_reduction", "ost_site", "tb_service", "psychologist",
            "shelter", "legal_aid", "hotline", "anti_trafficking", "other"]  # fmt: skip
# An interview that reports a violation has a case (shared/spec/cases.md, "The case").
REPORTS_VIOLATION = (
    "(rights_violated_6m = 'yes' or coalesce(police_violations, '') <> '' "
    "or coalesce(medical_violations, '') <> '' or trim(coalesce(police_violations_other, '')) <> '' "
    "or trim(coalesce(medical_violations_other, '')) <> '' "
    "or len(list_filter(string_split(coalesce(trafficking_indicators, ''), ' '), lambda x: x not in ('', 'none'))) > 0)"
)


def duckdb_sql(native: bool = False) -> str:
    """`native`: the select_multiple columns read as DuckDB lists (`duckdb_save`), not split."""
    parts = ["count(*) filter (where consent_statistics = 'yes') as respondents"]
    for prefix, codes in (("police", POLICE), ("medical", MEDICAL)):
        column = f"{prefix}_violations"
        for code in codes:
            parts.append(
                f"count(*) filter (where consent_statistics = 'yes' and "
                f'{_has(column, code, native)}) as "{prefix}:{code}"'
            )
        for row in YN:
            for answer in ("yes", "no"):
                parts.append(
                    f"count(*) filter (where consent_statistics = 'yes' and {prefix}_{row} = '{answer}') "
                    f'as "yn:{prefix}:{row}:{answer}"'
                )
    for code in INDICATORS:
        parts.append(f"count(*) filter (where consent_statistics = 'yes' and {_has(TRAFFICKING, code, native)}) "
                     f'as "trafficking:indicators:{code}"')  # fmt: skip
    any_indicator = " or ".join(_has(TRAFFICKING, code, native) for code in INDICATORS)
    parts.append(
        f"count(*) filter (where consent_statistics = 'yes' and ({any_indicator})) as \"trafficking:any_indicator\""
    )
    parts.append(f"count(*) filter (where consent_statistics = 'yes' and ({any_indicator} or "
                 f"{_has(TRAFFICKING, 'none', native)})) as \"trafficking:screened\"")  # fmt: skip
    return "select " + ", ".join(parts) + " from interviews"


def _has(column: str, code: str, native: bool = False) -> str:
    if native:
        return f"list_contains({column}_list, '{code}')"
    return f"list_contains(string_split(coalesce({column}, ''), ' '), '{code}')"


def duckdb_responses_sql() -> str:
    """The "responses" block: cases of consenting interviews, their latest status, the actions."""
    parts = ["count(*) as cases"]
    for status in STATUSES:
        parts.append(f"count(*) filter (where coalesce(latest, 'open') = '{status}') as \"status:{status}\"")
    for code in ACTIONS:
        parts.append(f"count(*) filter (where list_contains(acts, '{code}')) as \"actions:{code}\"")
    for code in BODIES:
        parts.append(f"count(*) filter (where list_contains(bodies, '{code}')) as \"complaints:{code}\"")
    for code in SERVICES:
        parts.append(f"count(*) filter (where list_contains(services, '{code}')) as \"referrals:{code}\"")
    return (
        "with counted as (select record_id from interviews where consent_statistics = 'yes' and "
        f"{REPORTS_VIOLATION}), "
        "per_case as (select record_id, arg_max(nullif(status, ''), action_on) filter (where status <> '') as latest, "
        "list(action) as acts, list(body) filter (where action = 'complaint_filed') as bodies, "
        "list(service) filter (where action = 'referral') as services from actions group by record_id) "
        "select " + ", ".join(parts) + " from counted left join per_case using (record_id)"
    )


def shape(flat: dict[str, int], responses: dict[str, int]) -> dict[str, Any]:
    """`kua tables --format json` from flat "a:b:c" names."""
    tables: dict[str, Any] = {"respondents": flat["respondents"], "police": {}, "medical": {},
                              "yn": {"police": {}, "medical": {}},
                              "trafficking": {"screened": 0, "any_indicator": 0, "indicators": {}},
                              "responses": {"cases": responses["cases"], "status": {}, "actions": {},
                                            "complaints": {}, "referrals": {}}}  # fmt: skip
    for key, value in [*flat.items(), *(("responses:" + k, v) for k, v in responses.items())]:
        parts = key.split(":")
        if parts[0] in ("police", "medical"):
            tables[parts[0]][parts[1]] = value
        elif parts[0] == "yn":
            tables["yn"][parts[1]].setdefault(parts[2], {})[parts[3]] = value
        elif len(parts) == 2:
            tables[parts[0]][parts[1]] = value
        elif len(parts) == 3:
            tables[parts[0]][parts[1]][parts[2]] = value
    return tables


def first_difference(left: Any, right: Any, path: str = "") -> str | None:
    """Where two tables first differ ("police.rape: 193 != 192"), or None when they are equal."""
    if isinstance(left, dict) and isinstance(right, dict):
        for key in [*left, *(k for k in right if k not in left)]:
            if key not in left or key not in right:
                return f"{path}{key}: only in the {'second' if key not in left else 'first'}"
            found = first_difference(left[key], right[key], f"{path}{key}.")
            if found:
                return found
        return None
    return None if left == right else f"{path.rstrip('.')}: {left!r} != {right!r}"


def duckdb_connect(path: Path | None = None) -> Any:
    import duckdb

    return duckdb.connect() if path is None else duckdb.connect(str(path), read_only=True)


def duckdb_load(connection: Any, csv_path: Path, actions_path: Path) -> None:
    """The interviews (`kua export`) and the case actions (`kua cases export`)."""
    for table, path in (("interviews", csv_path), ("actions", actions_path)):
        connection.execute(f"drop table if exists {table}")
        connection.execute(
            f"create table {table} as select * from read_csv('{path}', all_varchar=true, header=true)"
        )


def duckdb_save(connection: Any, path: Path) -> None:
    """The loaded tables written to a DuckDB database file, DuckDB's own storage of the rows:
    each select_multiple also as a list column (`native` in `duckdb_sql`), as Kua keeps them."""
    path.unlink(missing_ok=True)
    connection.execute(f"attach '{path}' as native")
    lists = ", ".join(f"string_split(coalesce({c}, ''), ' ') as {c}_list" for c in MULTIPLE)
    connection.execute(f"create table native.interviews as select *, {lists} from interviews")
    connection.execute("create table native.actions as select * from actions")
    connection.execute("detach native")


def _row(connection: Any, sql: str) -> dict[str, int]:
    cursor = connection.execute(sql)
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def duckdb_tables(connection: Any, native: bool = False) -> dict[str, Any]:
    return shape(_row(connection, duckdb_sql(native)), _row(connection, duckdb_responses_sql()))


def pandas_load(csv_path: Path, actions_path: Path) -> tuple[Any, Any]:
    import pandas

    def read(path: Path) -> Any:
        return pandas.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")

    return read(csv_path), read(actions_path)


def _codes(series: Any) -> Any:
    """A select_multiple column as sets of codes."""
    return series.str.split(" ").map(lambda codes: set(codes) - {""})


def pandas_responses(counted: Any, actions: Any) -> dict[str, int]:
    reports = (
        (counted["rights_violated_6m"] == "yes")
        | (counted["police_violations"] != "")
        | (counted["medical_violations"] != "")
        | (counted["police_violations_other"].str.strip() != "")
        | (counted["medical_violations_other"].str.strip() != "")
        | (_codes(counted["trafficking_indicators"]).map(lambda codes: bool(codes - {"none"})))
    )
    cases = set(counted.loc[reports, "record_id"])
    acted = actions[actions["record_id"].isin(cases)]
    with_status = acted[acted["status"] != ""].sort_values("action_on", kind="stable")
    latest = with_status.groupby("record_id")["status"].last()
    flat = {"cases": len(cases)}
    for status in STATUSES:
        flat[f"status:{status}"] = int((latest == status).sum()) + (
            len(cases) - len(latest) if status == "open" else 0
        )
    for key, codes, mask, name in (("actions", ACTIONS, None, "action"),
                                   ("complaints", BODIES, "complaint_filed", "body"),
                                   ("referrals", SERVICES, "referral", "service")):  # fmt: skip
        chosen = acted if mask is None else acted[acted["action"] == mask]
        pairs = chosen[["record_id", name]].drop_duplicates()
        counts = pairs[name].value_counts()
        for code in codes:
            flat[f"{key}:{code}"] = int(counts.get(code, 0))
    return flat


def pandas_tables(frames: tuple[Any, Any]) -> dict[str, Any]:
    frame, actions = frames
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
    indicators = _codes(counted["trafficking_indicators"])
    for code in INDICATORS:
        flat[f"trafficking:indicators:{code}"] = int(indicators.map(lambda codes, c=code: c in codes).sum())
    flat["trafficking:any_indicator"] = int(indicators.map(lambda codes: bool(codes & set(INDICATORS))).sum())
    screened = indicators.map(lambda codes: bool(codes & {*INDICATORS, "none"}))
    flat["trafficking:screened"] = int(screened.sum())
    return shape(flat, pandas_responses(counted, actions))
