/* One row per UTC day and map cell with close encounters: where on the map player-pair encounters start (a 20 x 20 grid). */
MODEL (
  name marts.kpi_encounter_map,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column encounter_date,
    lookback 1 /* as core.fct_encounters, whose near-midnight part recomputes the day before the newest */
  ),
  owner analytics,
  grain (encounter_date, cell_x, cell_y),
  audits (
    assert_contract(
      grain := (encounter_date, cell_x, cell_y),
      not_null := (encounter_date, cell_x, cell_y, x_from, x_to, y_from, y_to, encounters, encounter_seconds),
      checks := (
        x_from >= @map_x_min,
        x_to <= @map_x_max,
        y_from >= @map_y_min,
        y_to <= @map_y_max,
        encounters >= 1
      )
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['heartbeats'])
  ),
  tags (kpi, encounters)
);

/* cells per side: fine enough to show hot spots, coarse enough for a readable heatmap */
@DEF(grid_cells, 20);

@DEF(cell_width, (
  @map_x_max - @map_x_min
) / @grid_cells);

@DEF(cell_height, (
  @map_y_max - @map_y_min
) / @grid_cells);

WITH cells AS (
  SELECT
    encounter_date,
    encounter_seconds,
    LEAST(
      CAST(FLOOR((
        position_x - @map_x_min
      ) / (
        @cell_width
      )) AS INT),
      @grid_cells - 1
    ) AS cell_x, /* a position on the far edge belongs to the last cell */
    LEAST(
      CAST(FLOOR((
        position_y - @map_y_min
      ) / (
        @cell_height
      )) AS INT),
      @grid_cells - 1
    ) AS cell_y
  FROM core.fct_encounters
  WHERE
    encounter_date BETWEEN @start_date AND @end_date
)
SELECT
  CAST(encounter_date AS DATE) AS encounter_date, /* UTC day the encounters started */
  CAST(cell_x AS INT) AS cell_x, /* column of the grid, 0 = west edge */
  CAST(cell_y AS INT) AS cell_y, /* row of the grid, 0 = south edge */
  CAST(@map_x_min + cell_x * (
    @cell_width
  ) AS DOUBLE) AS x_from, /* the cell's west edge, map units */
  CAST(@map_x_min + (
    cell_x + 1
  ) * (
    @cell_width
  ) AS DOUBLE) AS x_to, /* its east edge */
  CAST(@map_y_min + cell_y * (
    @cell_height
  ) AS DOUBLE) AS y_from, /* its south edge */
  CAST(@map_y_min + (
    cell_y + 1
  ) * (
    @cell_height
  ) AS DOUBLE) AS y_to, /* its north edge */
  CAST(COUNT(*) AS BIGINT) AS encounters, /* player-pair encounters whose first close tick's midpoint lies in the cell */
  CAST(SUM(encounter_seconds) AS BIGINT) AS encounter_seconds /* their lengths, summed */
FROM cells
GROUP BY
  encounter_date,
  cell_x,
  cell_y
