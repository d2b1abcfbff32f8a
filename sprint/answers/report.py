"""The answers as a short report for people; `--json` prints the same values for machines."""

from __future__ import annotations

from pathlib import Path

Q6_ROWS_SHOWN = 10


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m {secs:02d}s" if hours else f"{minutes}m {secs:02d}s"


def size(count: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB", "PB"):
        if abs(count) < 1000 or unit == "PB":
            return f"{count:,.1f} {unit}" if unit != "B" else f"{count:,.0f} B"
        count /= 1000


def _q1(a: dict) -> list[str]:
    return [
        f"Q1  Play time on {a['date']}",
        f"    {a['players']:,} players played; average {duration(a['avg_play_seconds'])}",
        f"    player {a['player_id']}: {duration(a['player_play_seconds'])} ({a['player_play_seconds']:,.0f} s)",
    ]


def _q2(a: dict) -> list[str]:
    return [f"Q2  Busiest ISO week: the week of {a['week_start']}, {a['players']:,} players"]


def _q3(a: dict) -> list[str]:
    return [f"Q3  Most play time in {a['month']}: {a['country']}, {a['play_seconds'] / 3600:,.1f} h"]


def _q4(a: dict) -> list[str]:
    streak = (f"best streak {a['streak_days']} days in {a['streak_month']}" if a["streak_month"]
              else "no play days")
    return [f"Q4  Player {a['player_id']}: {a['kills']:,} kills, {a['deaths']:,} deaths, K/D {a['kd']:.2f}; {streak}"]


def _q5(a: dict) -> list[str]:
    lines = ["Q5  Top revenue country per ISO week", "      week of     country  revenue (USD)"]
    lines += [f"      {w['week_start']}  {w['country']:<7}  {w['revenue_usd']:>13,.2f}" for w in a["weeks"]]
    top = a["top"]
    lines.append(f"    Top: {top['country']} in the week of {top['week_start']}, ${top['revenue_usd']:,.2f}"
                 if top else "    No purchases yet")
    return lines


def _q6(a: dict) -> list[str]:
    rows = a["rows"]
    encounters = sum(r["encounters"] for r in rows)
    seconds = sum(r["encounter_seconds"] for r in rows)
    lines = [f"Q6  Close encounters in {a['month']}: {len(rows):,} session-days with {encounters:,} "
             f"encounters, {seconds / 3600:,.1f} h in all"]
    if rows:
        busiest = sorted(rows, key=lambda r: (-r["encounters"], r["day"], str(r["session_id"])))[:Q6_ROWS_SHOWN]
        lines.append(f"    the {len(busiest)} busiest session-days (all rows: --json)")
        lines.append(f"      {'session':>14}  day         encounters     seconds")
        lines += [f"      {r['session_id']:>14}  {r['day']}  {r['encounters']:>10,}  {r['encounter_seconds']:>10,.0f}"
                  for r in busiest]
    return lines


def _q7(a: dict) -> list[str]:
    m = a["measured"]
    projected = {(p["scenario"], p["table"]): p for p in a["projection"]}
    mid = "mid"  # the per-table columns; every scenario's total follows the table
    width = max(len("table"), *(len(t["table"]) for t in a["tables"]))
    lines = [
        f"Q7  Table sizes per day, measured over {m['days']} days ({m['registered_players']:,} players, "
        f"{m['active_players_per_day']:,.0f} active a day, {m['sessions_per_active_day']:.2f} sessions of "
        f"{m['minutes_per_session']:.1f} min), and projected to 20 M registered players ({mid} scenario)",
        f"      {'table':<{width}} {'driver':<15} {'rows/day':>11} {'bytes/day':>10}  {mid + ' rows/day':>15}"
        f" {mid + ' bytes/day':>13} {mid + ' 2 years':>11}",
    ]
    for t in a["tables"]:
        p = projected[(mid, t["table"])]
        rows = f"{t['rows_per_day']:,.{0 if t['rows_per_day'] >= 10 else 2}f}"
        lines.append(f"      {t['table']:<{width}} {t['driver']:<15} {rows:>11} {size(t['bytes_per_day']):>10}"
                     f"  {p['rows_per_day']:>15,.0f} {size(p['bytes_per_day']):>13} {size(p['bytes_two_years']):>11}")
    beats = a["heartbeats"]
    if beats["warehouse_bytes_per_raw_heartbeat"] is not None:
        lines.append(f"    Heartbeats stay in the lake: {beats['lake_bytes_per_day'] / beats['raw_rows_per_day']:.1f} bytes each"
                     f" as raw Parquet; the warehouse keeps {beats['warehouse_bytes_per_raw_heartbeat']:.1f} bytes per"
                     f" heartbeat of facts derived from them ({', '.join(beats['warehouse_tables'])})")
    lines.append("    Totals per scenario (docs/SIZING.md):        rows/day   bytes/day     2 years")
    for s in a["scenarios"]:
        total = projected[(s["name"], "total")]
        label = (f"{s['name']} ({s['daily_active_share']:.0%} active, {s['sessions_per_active_day']:g} sessions"
                 f" x {s['minutes_per_session']:g} min)")
        lines.append(f"      {label:<38} {total['rows_per_day']:>15,.0f} {size(total['bytes_per_day']):>11}"
                     f" {size(total['bytes_two_years']):>11}")
    return lines


def _pcu(a: dict) -> list[str]:
    return [
        f"PCU Peak concurrent players on {a['date']}: {a['pcu']:,} at {a['at'][11:16]} UTC",
        f"    average CCU {a['avg_ccu']:,.1f} (mean of the 288 five-minute samples)",
    ]


FORMATTERS = {"q1": _q1, "q2": _q2, "q3": _q3, "q4": _q4, "q5": _q5, "q6": _q6, "q7": _q7, "pcu": _pcu}


def report(answers: dict, warehouse: Path) -> str:
    """`answers` maps question names to their answers; each gets a few lines."""
    sections = ["\n".join(FORMATTERS[q](a)) for q, a in answers.items()]
    header = f"Sprint answers from {warehouse}" if len(answers) > 1 else None
    return "\n\n".join(([header] if header else []) + sections)
