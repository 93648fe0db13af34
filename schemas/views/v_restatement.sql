-- v_restatement: statement lines that two editions (report years) of the same
-- municipality report with different amounts for the same year — e.g.
-- "Regnskap 2023" as printed in the 2023 report and again in the 2024 report.
-- Grain: one row per municipality × statement × line_key × measure ×
-- period_year × pair of editions (earlier_report_year < later_report_year)
-- whose amounts differ by more than half a printed unit of the coarser of the
-- two (so 2 067,2 vs 2 067 million is rounding, not a restatement).
-- Columns: earlier_/later_report_year, earlier_/later_amount_nok, the printed
-- values and units, difference_nok (later − earlier), relative_difference
-- (difference / |earlier|), and the lineage of both (document_id, table_id,
-- row_index, col_index) to look the cells up in report_cell.
-- Rules as in v_statement_across_years: unmapped lines (line_key NULL) are left
-- out; the PDF's value is taken when a spreadsheet of the same edition holds it
-- too; old municipality numbers are translated to current ones.
WITH f AS (
    SELECT COALESCE(m.replaced_by, d.municipality_code) AS municipality_code,
           f.document_id, f.statement, f.line_key, f.line_label, f.measure, f.period_year,
           f.report_year, f.amount_nok, f.value, f.unit, f.table_id, f.row_index, f.col_index,
           CASE f.unit WHEN 'milliarder kroner' THEN 1e9 WHEN 'millioner kroner' THEN 1e6
                       WHEN 'tusen kroner' THEN 1e3 ELSE 1 END AS unit_factor,
           row_number() OVER (
               PARTITION BY COALESCE(m.replaced_by, d.municipality_code), f.statement, f.line_key,
                            f.measure, f.period_year, f.report_year
               ORDER BY (d.kind = 'pdf') DESC, f.document_id, f.table_id, f.row_index, f.col_index) AS pick
    FROM fact_statement_line f
    JOIN document d USING (document_id)
    LEFT JOIN dim_municipality m ON m.code = d.municipality_code AND m.replaced_by IS NOT NULL
    WHERE f.line_key IS NOT NULL AND f.amount_nok IS NOT NULL
),
e AS (SELECT * FROM f WHERE pick = 1)
SELECT a.municipality_code, a.statement, a.line_key, a.measure, a.period_year,
       a.report_year AS earlier_report_year, b.report_year AS later_report_year,
       a.line_label AS earlier_line_label, b.line_label AS later_line_label,
       a.amount_nok AS earlier_amount_nok, b.amount_nok AS later_amount_nok,
       a.value AS earlier_value, a.unit AS earlier_unit,
       b.value AS later_value, b.unit AS later_unit,
       b.amount_nok - a.amount_nok AS difference_nok,
       (b.amount_nok - a.amount_nok) / NULLIF(abs(a.amount_nok), 0) AS relative_difference,
       a.document_id AS earlier_document_id, a.table_id AS earlier_table_id,
       a.row_index AS earlier_row_index, a.col_index AS earlier_col_index,
       b.document_id AS later_document_id, b.table_id AS later_table_id,
       b.row_index AS later_row_index, b.col_index AS later_col_index
FROM e AS a
JOIN e AS b
  ON a.municipality_code = b.municipality_code AND a.statement = b.statement
 AND a.line_key = b.line_key AND a.measure = b.measure AND a.period_year = b.period_year
 AND a.report_year < b.report_year
WHERE abs(b.amount_nok - a.amount_nok) > 0.5 * greatest(a.unit_factor, b.unit_factor)
