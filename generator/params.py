"""Every calibration number of the simulation, each with the public figure it reproduces.

The figures are industry rules of thumb for a launched free-to-play shooter, not data of a
real game; docs/GENERATOR.md lists them with what the generated data measures against
them. Modules import the instances at the bottom (`ACQUISITION`, `RETENTION`, ...), so a
reader finds every tunable number here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

# The map is the box [0, MAP_X] x [0, MAP_Y] x [0, MAP_Z] game units (ARCHITECTURE.md:
# the warehouse quarantines positions outside it; a test checks config.yaml agrees).
MAP_X_MAX: float = 2000.0
MAP_Y_MAX: float = 2000.0
MAP_Z_MAX: float = 100.0


@dataclass(frozen=True)
class Acquisition:
    """When players register: a launch spike, then hyperbolically decaying acquisition.

    Share of all `players` registered t days after launch is
    G(t) = (1 - (1 + t/tau)^-alpha) / (1 - (1 + horizon/tau)^-alpha), so --players is reached
    at `horizon_days` whatever --start/--days are. With these numbers ~5 % register on day 0,
    ~26 % in week 1 and ~55 % in the first 28 days: week 1 is half of month 1, as in Apex
    Legends' launch (25 M players in week 1, 50 M in month 1).
    """

    horizon_days: int = 730  # SPEC: the game grows to its registered base over two years
    tau_days: float = 10.0
    alpha: float = 0.5


@dataclass(frozen=True)
class Retention:
    """Who plays on a given day, decided per (player, day) in retention.py.

    A player plays on their registration day; afterwards, until a churn age L with
    P(L > n) = (1 + n/churn_tau)^-churn_beta, on each day with probability
    engagement * (1 + n/fatigue_tau)^-fatigue_power: engagement is Beta(a, b) (mean 0.66)
    and fades as the novelty wears off. Day-n retention, 0.66 * (1 + n/0.5)^-0.4 *
    (1 + n/7)^-0.32, is D1 41 %, D7 18 %, D30 7.5 %: inside the F2P benchmark bands
    (D1 35-45 %, D7 15-20 %, D30 6-10 %; GameAnalytics / AppsFlyer retention reports).
    DAU/MAU is ~14 % in the launch month, when most monthly actives are days old, then
    17-23 % from the second month on: the 15-25 % of a healthy F2P title. Without the
    fading, long-lived players would push DAU/MAU towards 50 % within a year.
    """

    churn_tau_days: float = 0.5
    churn_beta: float = 0.4
    engagement_a: float = 3.9
    engagement_b: float = 2.0
    fatigue_tau_days: float = 7.0
    fatigue_power: float = 0.32
    weekend_uplift: float = 1.15  # Steam concurrent users are ~15 % higher on weekends


@dataclass(frozen=True)
class Schedule:
    """How many matches an active player plays and when (local time of their home country).

    Sessions per active day = 1 + Poisson(extra_sessions * (0.5 + engagement)), at most
    `max_sessions` (~2.5 on average: shooters report 2-3 matches per play day). The first
    match starts at a local hour drawn from a mixture peaking at 19-22 h (the evening peak
    of Steam's concurrent-user curve per time zone); later ones follow after a short break.
    A player's day runs from `day_start_hour` local time to the same hour the next day, so
    two of their days never overlap.
    """

    extra_sessions: float = 1.3
    max_sessions: int = 10
    weekend_session_uplift: float = 1.3
    day_start_hour: float = 5.0
    evening_mean_hour: float = 20.5
    evening_sd_hours: float = 1.3
    afternoon_mean_hour: float = 15.5
    afternoon_sd_hours: float = 2.5
    # weights of (evening, afternoon, any hour) on weekdays and on weekends
    weekday_mix: tuple[float, float, float] = (0.60, 0.27, 0.13)
    weekend_mix: tuple[float, float, float] = (0.50, 0.38, 0.12)
    back_to_back_share: float = 0.75  # "one more match": requeue within minutes ...
    requeue_mean_s: float = 90.0  # ... after an exponential pause of this mean
    break_mean_s: float = 75 * 60.0  # otherwise a break (dinner, other games)
    min_gap_s: int = 30  # results screen: nobody requeues faster
    last_queue_before_day_end_s: int = 15 * 60  # nobody starts a match in their day's last minutes


@dataclass(frozen=True)
class Matchmaking:
    """How queued players become matches of several teams.

    Players queueing in the same region within one search window are pooled, ordered by skill
    and split into matches of about `target_match_size` (2-4 teams of up to 6, e.g.
    battle royale trios or 6v6). Match length is log-normal (median 14 min, few over an
    hour), like round-based shooters' 10-20 minute matches; some players join late
    (backfill) or leave early (rage quit, disconnect).
    """

    min_window_s: int = 60  # search window when the region is busy ...
    max_window_s: int = 600  # ... and when it is quiet (longest wait for a lobby)
    target_match_size: int = 12
    min_teams: int = 2
    max_teams: int = 4
    max_team_size: int = 6
    lobby_min_s: int = 20  # from a full lobby to the match start
    lobby_max_s: int = 60
    length_median_s: float = 14 * 60.0
    length_sigma: float = 0.55
    length_min_s: float = 3 * 60.0  # a forfeit
    length_max_s: float = 65 * 60.0  # overtime cap
    load_in_max_s: int = 15  # players load into the map within this of the start
    late_join_share: float = 0.10  # backfilled into a running match ...
    late_join_max_fraction: float = 0.5  # ... at most this far into it
    early_leave_share: float = 0.15  # leave at 20-95 % of the match
    min_session_s: int = 60  # shorter stays (joined as it ended) are not sessions
    travel_share: float = 0.02  # session country differs from home (travel, VPN)


@dataclass(frozen=True)
class Combat:
    """Kills and deaths: every kill has a victim on another team of the same match."""

    kills_per_player_minute: float = 0.45  # ~6 kills in a 13-minute match (TDM: about one per 2 minutes)
    skill_weight: float = 0.6  # exp(0.6 * skill): a +1 sd player has K/D ~3.3x a -1 sd one


@dataclass(frozen=True)
class Movement:
    """Positions: teams spawn apart, converge on a wandering contested point, skirmish.

    Tuned so that opposing players come within the encounter radius (50 units) in ~70 %
    of matches, in about a quarter of a match's ticks and in ~6 % of opposing pairs'
    ticks: fights cluster around the objective, as in objective modes.
    """

    arena_margin: float = 350.0  # contested point stays this far from the map edge
    objective_wander: float = 150.0
    objective_period_s: tuple[float, float] = (360.0, 900.0)
    spawn_distance: float = 600.0
    approach_tau_s: float = 150.0
    front_share: float = 0.08  # a team holds at this share of its spawn distance
    push_amplitude: float = 0.07  # ... and pushes in and out by this share
    push_period_s: tuple[float, float] = (120.0, 300.0)
    anchor_margin: float = 50.0  # team anchors stay this far inside the map edge
    spread_min: float = 10.0  # a player's distance from their team's anchor
    spread_max: float = 60.0
    strafe_period_s: tuple[float, float] = (90.0, 300.0)
    ground_z: float = 40.0
    terrain_amplitude: float = 20.0
    terrain_wavelength: tuple[float, float] = (173.0, 217.0)  # sin(x / 173): hills ~1 100 units apart
    floor_height: float = 12.0  # buildings: players stand on floors 0..2


@dataclass(frozen=True)
class Heartbeat:
    """One position report per player per 30-second tick while in a match (SPEC §1)."""

    interval_s: int = 30
    jitter_s: float = 2.0  # client timers drift; never enough to leave the 30 s tick


@dataclass(frozen=True)
class Spending:
    """Who pays and how much: ~2-4 % of monthly actives pay, a few whales earn most.

    Spender classes follow the F2P rule of thumb (payers 2-5 % of MAU; whales ~10 % of
    payers bring ~50 % of revenue). Each class has a chance per match to buy something
    around it (in the store before queueing or after the match) and prefers a price band
    of the catalogue.
    """

    class_names: tuple[str, ...] = ("none", "minnow", "dolphin", "whale")
    class_shares: tuple[float, ...] = (0.935, 0.048, 0.013, 0.004)  # of registered players
    purchases_per_session: tuple[float, ...] = (0.0, 0.04, 0.10, 0.30)  # expected purchases per match
    # relative preference for catalogue price bands (<= $5, <= $10, <= $20, <= $50, > $50)
    band_weights: tuple[tuple[float, ...], ...] = (
        (0.0, 0.0, 0.0, 0.0, 0.0),
        (0.60, 0.35, 0.05, 0.0, 0.0),
        (0.25, 0.40, 0.30, 0.05, 0.0),
        (0.05, 0.15, 0.30, 0.30, 0.20),
    )
    before_match_share: float = 0.4  # bought in the store before queueing; the rest after the match
    # at most this long before or after the match, and never inside another of the player's
    before_match_max_s: int = 300
    after_match_max_s: int = 600


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    share: float  # of registered players
    region: str  # matchmaking region (players are matched within a region)
    # (UTC offset in hours, share of the country's players): standard time, no daylight saving
    time_zones: tuple[tuple[float, float], ...]


def _one_zone(offset: float) -> tuple[tuple[float, float], ...]:
    return ((offset, 1.0),)


# Home countries: the 15 largest shooter markets (approximate player shares from
# Newzoo's top-markets list and the Steam hardware survey) plus a rest of world spread
# over 15 smaller ones. Shares sum to ~1 (normalised where used). Time zones of the big
# multi-zone countries are weighted by population (US: Eastern 47 %, Central 33 %,
# Mountain 7 %, Pacific 13 %).
COUNTRIES: tuple[Country, ...] = (
    Country("US", 0.170, "NA", ((-5, 0.47), (-6, 0.33), (-7, 0.07), (-8, 0.13))),
    Country("CN", 0.100, "AS", _one_zone(8)),
    Country("BR", 0.070, "SA", ((-3, 0.93), (-4, 0.07))),
    Country("RU", 0.060, "EU", ((3, 0.70), (5, 0.12), (7, 0.10), (10, 0.08))),
    Country("DE", 0.060, "EU", _one_zone(1)),
    Country("GB", 0.050, "EU", _one_zone(0)),
    Country("FR", 0.040, "EU", _one_zone(1)),
    Country("JP", 0.040, "AS", _one_zone(9)),
    Country("KR", 0.040, "AS", _one_zone(9)),
    Country("CA", 0.030, "NA", ((-4, 0.07), (-5, 0.62), (-6, 0.06), (-7, 0.12), (-8, 0.13))),
    Country("PL", 0.030, "EU", _one_zone(1)),
    Country("TR", 0.030, "EU", _one_zone(3)),
    Country("MX", 0.030, "NA", ((-6, 0.90), (-7, 0.10))),
    Country("AU", 0.025, "OC", ((10, 0.80), (9.5, 0.08), (8, 0.12))),
    Country("IN", 0.025, "AS", _one_zone(5.5)),
    *(
        Country(code, 0.0133, region, _one_zone(offset))
        for code, offset, region in (
            ("ES", 1, "EU"),
            ("IT", 1, "EU"),
            ("NL", 1, "EU"),
            ("SE", 1, "EU"),
            ("UA", 2, "EU"),
            ("AR", -3, "SA"),
            ("CL", -4, "SA"),
            ("ID", 7, "AS"),
            ("PH", 8, "AS"),
            ("TH", 7, "AS"),
            ("VN", 7, "AS"),
            ("SA", 3, "EU"),
            ("ZA", 2, "EU"),
            ("EG", 2, "EU"),
            ("NZ", 12, "OC"),
        )
    ),
)
REGIONS: tuple[str, ...] = ("NA", "SA", "EU", "AS", "OC")


ACQUISITION = Acquisition()
RETENTION = Retention()
SCHEDULE = Schedule()
MATCHMAKING = Matchmaking()
COMBAT = Combat()
MOVEMENT = Movement()
HEARTBEAT = Heartbeat()
SPENDING = Spending()
