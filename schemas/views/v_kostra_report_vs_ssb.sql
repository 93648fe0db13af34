-- v_kostra_report_vs_ssb: every KOSTRA key figure printed in a report beside
-- SSB's own figure for the same indicator, region and year.
-- Grain: one row per printed figure (fact_kostra_indicator) × SSB publication
-- of that figure (fact_ssb_kostra: the preliminary March and the final June
-- publication are both kept when both were fetched); a printed figure with no
-- SSB counterpart appears once with NULL SSB columns.
-- Matching: indicator_key (report label → key: schemas/mappings/kostra_indicators.toml;
-- key → SSB table + ContentsCode: schemas/mappings/kostra_ssb.toml), region
-- (the printed column's region code; a column that is only a year is the
-- document's own municipality; old numbers translated through
-- dim_municipality.replaced_by), and period_year = year.
-- "ASSS gjennomsnitt" has no SSB code: its rows have NULL SSB values (see
-- README "KOSTRA" for the computed ASSS average).
-- Columns: report side (document_id, report_year, table_id, indicator_key,
-- indicator_label, region_label, region_code, period_year, report_value,
-- report_text, report_unit, report_preliminary = the caption says
-- "foreløpige"), SSB side (ssb_table_id, contents_code, ssb_value, ssb_unit,
-- ssb_status, ssb_updated, ssb_publication = 'foreløpig' when SSB's `updated`
-- is before 1 June of the following year, else 'endelig', ssb_reconstructed =
-- the value was rebuilt from a report, not fetched), difference = ssb − report,
-- is_latest_publication.
WITH r AS (
    SELECT f.document_id, f.report_year, f.table_id, f.indicator_key, f.indicator_label,
           f.region_label, f.period_year, f.value, f.raw_text, f.unit, f.preliminary,
           COALESCE(m.replaced_by, COALESCE(f.region_code, d.municipality_code)) AS region_code
    FROM fact_kostra_indicator f
    JOIN document d USING (document_id)
    LEFT JOIN dim_municipality m
      ON m.code = COALESCE(f.region_code, d.municipality_code) AND m.replaced_by IS NOT NULL
    WHERE f.indicator_key IS NOT NULL
),
s AS (
    SELECT COALESCE(m.replaced_by, k.region_code) AS region_code, k.indicator_key, k.year,
           k.table_id, k.contents_code, k.value, k.unit, k.status, k.updated, k.reconstructed,
           row_number() OVER (
               PARTITION BY k.indicator_key, COALESCE(m.replaced_by, k.region_code), k.year
               ORDER BY k.updated DESC NULLS LAST, k.fetched_at DESC NULLS LAST) AS recency
    FROM fact_ssb_kostra k
    LEFT JOIN dim_municipality m ON m.code = k.region_code AND m.replaced_by IS NOT NULL
    WHERE k.indicator_key IS NOT NULL
)
SELECT r.document_id, r.report_year, r.table_id, r.indicator_key, r.indicator_label,
       r.region_label, r.region_code, r.period_year,
       r.value AS report_value, r.raw_text AS report_text, r.unit AS report_unit,
       r.preliminary AS report_preliminary,
       s.table_id AS ssb_table_id, s.contents_code, s.value AS ssb_value, s.unit AS ssb_unit,
       s.status AS ssb_status, s.updated AS ssb_updated,
       CASE
           WHEN s.updated IS NULL THEN NULL
           WHEN TRY_CAST(substr(s.updated, 1, 10) AS DATE) < make_date(r.period_year + 1, 6, 1)
               THEN 'foreløpig'
           ELSE 'endelig'
       END AS ssb_publication,
       s.reconstructed AS ssb_reconstructed,
       s.value - r.value AS difference,
       s.recency = 1 AS is_latest_publication
FROM r
LEFT JOIN s
  ON s.indicator_key = r.indicator_key AND s.region_code = r.region_code AND s.year = r.period_year
