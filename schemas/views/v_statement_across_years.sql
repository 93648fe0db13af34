-- v_statement_across_years: the statutory statement lines of each municipality
-- across report editions, keyed by line_key so that renumbered, renamed tables
-- line up year after year.
-- Grain: one row per municipality × statement × line_key × measure × period_year.
-- Editions are kept side by side in `editions`, a list of
-- {report_year, amount_nok, value, unit, line_label} ordered by report_year
-- (a year reported as "Regnskap 2023" in the 2023 report and again in the 2024
-- report has two entries), and summarised as first/latest columns:
-- latest_report_year / latest_amount_nok (the newest edition's value, the one
-- to use), first_report_year / first_amount_nok, n_editions, and
-- is_restated (editions disagree by more than half a printed unit; details in
-- v_restatement).
-- Rules: unmapped lines (line_key NULL) are left out (they are quality_finding
-- rows 'unmapped_label'); within one edition, when a PDF and a spreadsheet of
-- the same municipality and report year both hold the line, the PDF's value is
-- taken; old municipality numbers are translated to the current one through
-- dim_municipality.replaced_by (1601 → 5001, 1201 → 4601).
WITH f AS (
    SELECT COALESCE(m.replaced_by, d.municipality_code) AS municipality_code,
           f.statement, f.line_key, f.measure, f.period_year, f.report_year,
           f.amount_nok, f.value, f.unit, f.line_label, f.line_no,
           row_number() OVER (
               PARTITION BY COALESCE(m.replaced_by, d.municipality_code), f.statement, f.line_key,
                            f.measure, f.period_year, f.report_year
               ORDER BY (d.kind = 'pdf') DESC, f.document_id, f.table_id, f.row_index, f.col_index) AS pick,
           CASE f.unit WHEN 'milliarder kroner' THEN 1e9 WHEN 'millioner kroner' THEN 1e6
                       WHEN 'tusen kroner' THEN 1e3 ELSE 1 END AS unit_factor
    FROM fact_statement_line f
    JOIN document d USING (document_id)
    LEFT JOIN dim_municipality m ON m.code = d.municipality_code AND m.replaced_by IS NOT NULL
    WHERE f.line_key IS NOT NULL
),
e AS (SELECT * FROM f WHERE pick = 1)
SELECT municipality_code, statement, line_key, measure, period_year,
       arg_max(line_label, report_year) AS line_label,
       arg_max(line_no, report_year) AS line_no,
       count(*) AS n_editions,
       min(report_year) AS first_report_year,
       arg_min(amount_nok, report_year) AS first_amount_nok,
       max(report_year) AS latest_report_year,
       arg_max(amount_nok, report_year) AS latest_amount_nok,
       arg_max(value, report_year) AS latest_value,
       arg_max(unit, report_year) AS latest_unit,
       (max(amount_nok) - min(amount_nok)) > 0.5 * max(unit_factor) AS is_restated,
       list({'report_year': report_year, 'amount_nok': amount_nok, 'value': value,
             'unit': unit, 'line_label': line_label} ORDER BY report_year) AS editions
FROM e
GROUP BY municipality_code, statement, line_key, measure, period_year
