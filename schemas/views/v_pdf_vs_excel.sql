-- v_pdf_vs_excel: every numeric cell that a PDF report and a spreadsheet appendix
-- of the same municipality and report year both print, side by side.
-- Matching: same table_id, same row label (case and spacing ignored; the n-th
-- occurrence of a repeated label with the n-th), same col_index.
-- Columns: municipality_code, report_year, table_id, row_label, col_index,
-- column_label, pdf_text, pdf_value, pdf_unit, pdf_page, excel_text, excel_value,
-- excel_unit, excel_sheet, excel_cell, pdf_value_base / excel_value_base (in NOK
-- for amounts: millions and thousands scaled), difference_base (excel − pdf).
-- Differences beyond the PDF's printed rounding are also quality_finding rows
-- with rule 'pdf_excel_mismatch'.
WITH c AS (
    SELECT d.municipality_code, c.report_year, d.kind, c.table_id, c.row_label, c.col_index,
           c.column_label, c.raw_text, c.value, c.unit, c.page, c.sheet, c.cell_ref,
           regexp_replace(lower(trim(c.row_label)), '\s+', ' ', 'g') AS label_key,
           row_number() OVER (
               PARTITION BY c.document_id, c.table_id, c.col_index, regexp_replace(lower(trim(c.row_label)), '\s+', ' ', 'g')
               ORDER BY c.row_index) AS occurrence,
           c.value * CASE c.unit WHEN 'milliarder kroner' THEN 1e9 WHEN 'millioner kroner' THEN 1e6
                                 WHEN 'tusen kroner' THEN 1e3 ELSE 1 END AS value_base
    FROM report_cell c JOIN document d USING (document_id)
    WHERE c.col_index > 0 AND c.value IS NOT NULL
)
SELECT p.municipality_code, p.report_year, p.table_id, p.row_label, p.col_index, p.column_label,
       p.raw_text AS pdf_text, p.value AS pdf_value, p.unit AS pdf_unit, p.page AS pdf_page,
       x.raw_text AS excel_text, x.value AS excel_value, x.unit AS excel_unit,
       x.sheet AS excel_sheet, x.cell_ref AS excel_cell,
       p.value_base AS pdf_value_base, x.value_base AS excel_value_base,
       x.value_base - p.value_base AS difference_base
FROM c AS p
JOIN c AS x
  ON p.municipality_code = x.municipality_code AND p.report_year = x.report_year
 AND p.table_id = x.table_id AND p.label_key = x.label_key
 AND p.occurrence = x.occurrence AND p.col_index = x.col_index
WHERE p.kind = 'pdf' AND x.kind IN ('xlsx', 'xls', 'ods')
