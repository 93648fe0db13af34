-- v_kostra_peers: each municipality of the warehouse (the documents' municipalities,
-- "home") beside every other region SSB data was loaded for — peers such as
-- the other ASSS municipalities, KOSTRA groups (EKGnn) and "landet uten Oslo"
-- (EAKUO) — for every statistic and year in fact_ssb_kostra.
-- Grain: one row per home municipality × SSB table × ContentsCode × other
-- dimensions × year × region, from SSB's latest publication of each figure.
-- Region history: old municipality numbers are translated to the current one
-- through dim_municipality.replaced_by (Trondheim 1601 → 5001), so a series
-- spans the code change; `code_translated` marks such rows. Trondheim 5001 was
-- enlarged with Klæbu on 2020-01-01, Bergen 4601 likewise in 2020: figures
-- before the border change describe a smaller municipality (`before_border_change`).
-- KOSTRA group: `kostra_group_code` is the home municipality's KOSTRA group in
-- that year (dim_kostra_group, from SSB's KLASS; NULL when not stored); the
-- group's own figures are the rows where region_code = kostra_group_code.
-- Columns: home_code, table_id, contents_code, indicator_key, indicator_label,
-- dims, year, region_code, printed_region_code, region_name, value, unit,
-- status, home_value, difference_from_home (value − home_value), is_home,
-- code_translated, before_border_change, kostra_group_code, updated, reconstructed.
WITH s AS (
    SELECT COALESCE(m.replaced_by, k.region_code) AS region_code,
           k.region_code AS printed_region_code, k.region_name, k.table_id, k.contents_code,
           k.indicator_key, k.indicator_label, k.dims, k.year, k.value, k.unit, k.status,
           k.updated, k.reconstructed,
           row_number() OVER (
               PARTITION BY k.table_id, k.contents_code, k.dims, k.region_code, k.year
               ORDER BY k.updated DESC NULLS LAST, k.fetched_at DESC NULLS LAST) AS recency
    FROM fact_ssb_kostra k
    LEFT JOIN dim_municipality m ON m.code = k.region_code AND m.replaced_by IS NOT NULL
),
latest AS (SELECT * FROM s WHERE recency = 1),
home AS (SELECT DISTINCT municipality_code AS home_code FROM document),
grp AS (
    SELECT COALESCE(m.replaced_by, g.municipality_code) AS home_code, g.year,
           min(g.group_code) AS group_code
    FROM dim_kostra_group g
    LEFT JOIN dim_municipality m ON m.code = g.municipality_code AND m.replaced_by IS NOT NULL
    GROUP BY ALL
)
SELECT h.home_code, p.table_id, p.contents_code, p.indicator_key, p.indicator_label, p.dims,
       p.year, p.region_code, p.printed_region_code, p.region_name, p.value, p.unit, p.status,
       hv.value AS home_value, p.value - hv.value AS difference_from_home,
       p.region_code = h.home_code AS is_home,
       p.printed_region_code <> p.region_code AS code_translated,
       (p.region_code IN ('5001', '4601') AND p.year < 2020) AS before_border_change,
       grp.group_code AS kostra_group_code,
       p.updated, p.reconstructed
FROM latest p
CROSS JOIN home h
LEFT JOIN grp ON grp.home_code = h.home_code AND grp.year = p.year
LEFT JOIN latest hv
  ON hv.region_code = h.home_code AND hv.table_id = p.table_id
 AND hv.contents_code = p.contents_code AND hv.dims IS NOT DISTINCT FROM p.dims
 AND hv.year = p.year
