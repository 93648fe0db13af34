-- v_service_area_deviation: budget deviation per service area (tjenesteområde),
-- per document, area and year, from fact_service_area.
-- Grain: one row per municipality × report_year × source × area × period_year,
-- where source is 'overview' (the table of all areas) or 'area_table' (the
-- area's own "Regnskap og budsjett for <area>" table); both are kept, so the two
-- can be compared. Area: area_key, or the printed label when unmapped
-- (area_key NULL).
-- Columns (all in NOK): regnskap_nok, revidert_budsjett_nok,
-- opprinnelig_budsjett_nok, avvik_printed_nok (the printed "Avvik" column),
-- avvik_computed_nok = revidert − regnskap (positive = mindreforbruk, the sign
-- the reports use), avvik_difference_nok = printed − computed (non-zero beyond
-- rounding means the printed deviation does not add up), avvik_share =
-- computed / revidert.
-- Only rows with a row label that is the area itself (overview) or the table's
-- amount row (area tables, e.g. "Millioner kroner") are in; sum rows are
-- flagged by is_total.
WITH f AS (
    SELECT COALESCE(m.replaced_by, d.municipality_code) AS municipality_code,
           f.document_id, f.report_year, f.source, f.area_key, f.area_label, f.row_label,
           f.is_total, f.period_year, f.measure, f.amount_nok, f.table_id
    FROM fact_service_area f
    JOIN document d USING (document_id)
    LEFT JOIN dim_municipality m ON m.code = d.municipality_code AND m.replaced_by IS NOT NULL
)
SELECT municipality_code, document_id, report_year, source,
       area_key, area_label, row_label, bool_or(is_total) AS is_total, period_year,
       min(table_id) AS table_id,
       max(amount_nok) FILTER (WHERE measure = 'regnskap') AS regnskap_nok,
       max(amount_nok) FILTER (WHERE measure = 'revidert_budsjett') AS revidert_budsjett_nok,
       max(amount_nok) FILTER (WHERE measure = 'opprinnelig_budsjett') AS opprinnelig_budsjett_nok,
       max(amount_nok) FILTER (WHERE measure = 'avvik') AS avvik_printed_nok,
       max(amount_nok) FILTER (WHERE measure = 'revidert_budsjett')
         - max(amount_nok) FILTER (WHERE measure = 'regnskap') AS avvik_computed_nok,
       max(amount_nok) FILTER (WHERE measure = 'avvik')
         - (max(amount_nok) FILTER (WHERE measure = 'revidert_budsjett')
            - max(amount_nok) FILTER (WHERE measure = 'regnskap')) AS avvik_difference_nok,
       (max(amount_nok) FILTER (WHERE measure = 'revidert_budsjett')
         - max(amount_nok) FILTER (WHERE measure = 'regnskap'))
         / NULLIF(max(amount_nok) FILTER (WHERE measure = 'revidert_budsjett'), 0) AS avvik_share
FROM f
GROUP BY municipality_code, document_id, report_year, source, area_key, area_label, row_label, period_year
