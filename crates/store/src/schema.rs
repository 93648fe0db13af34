//! The declared table schemas (`schemas/*.toml`), embedded at compile time.

use std::sync::Arc;

use arrow::datatypes::{DataType, Field, Schema, TimeUnit};
use serde::Deserialize;

use crate::error::StoreError;
use crate::views::{self, VIEW_FILES, View};

/// The type of a declared column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// UTF-8 text (Arrow Utf8, DuckDB VARCHAR).
    Utf8,
    /// 32-bit integer (Arrow Int32, DuckDB INTEGER).
    Int32,
    /// 64-bit integer (Arrow Int64, DuckDB BIGINT).
    Int64,
    /// Double (Arrow Float64, DuckDB DOUBLE).
    Float64,
    /// Boolean.
    Bool,
    /// Microsecond timestamp in UTC (Arrow Timestamp(µs, "UTC"), DuckDB TIMESTAMPTZ).
    TimestampUsUtc,
}

impl ColumnType {
    /// The Arrow type.
    #[must_use]
    pub fn arrow(self) -> DataType {
        match self {
            ColumnType::Utf8 => DataType::Utf8,
            ColumnType::Int32 => DataType::Int32,
            ColumnType::Int64 => DataType::Int64,
            ColumnType::Float64 => DataType::Float64,
            ColumnType::Bool => DataType::Boolean,
            ColumnType::TimestampUsUtc => {
                DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
            }
        }
    }
    /// The DuckDB SQL type.
    #[must_use]
    pub fn sql(self) -> &'static str {
        match self {
            ColumnType::Utf8 => "VARCHAR",
            ColumnType::Int32 => "INTEGER",
            ColumnType::Int64 => "BIGINT",
            ColumnType::Float64 => "DOUBLE",
            ColumnType::Bool => "BOOLEAN",
            ColumnType::TimestampUsUtc => "TIMESTAMPTZ",
        }
    }
}

/// One declared column.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    /// Column name.
    pub name: String,
    /// Column type.
    #[serde(rename = "type")]
    pub ty: ColumnType,
    /// Whether NULL is allowed.
    pub nullable: bool,
    /// What the column means.
    pub description: String,
}

/// One declared table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    /// Table name (folder name under `parquet/`, table name in DuckDB).
    pub name: String,
    /// What the table holds.
    pub description: String,
    /// Hive partition columns, outermost first (`municipality_code`,
    /// `report_year`): kept in the Parquet path, not in the files. Empty for a
    /// table written whole (the dimensions, the KOSTRA figures).
    #[serde(default)]
    pub partition_by: Vec<String>,
    /// Columns in order.
    pub columns: Vec<ColumnDef>,
}

impl TableDef {
    /// Parses one schema file.
    ///
    /// # Errors
    /// [`StoreError::Schema`] when the TOML is invalid or names a partition
    /// column it lacks, or one that is nullable or neither text nor an integer.
    pub fn from_toml(file: &str, text: &str) -> Result<TableDef, StoreError> {
        let def: TableDef = toml::from_str(text).map_err(|e| StoreError::Schema {
            file: file.to_owned(),
            reason: e.to_string(),
        })?;
        for p in &def.partition_by {
            let reason = match def.column_index(p).map(|i| &def.columns[i]) {
                None => format!("partition column {p} is not declared"),
                Some(c) if c.nullable => format!("partition column {p} is nullable"),
                Some(c) if !matches!(c.ty, ColumnType::Utf8 | ColumnType::Int32) => {
                    format!("partition column {p} is neither utf8 nor int32")
                }
                Some(_) => continue,
            };
            return Err(StoreError::Schema {
                file: file.to_owned(),
                reason,
            });
        }
        Ok(def)
    }

    /// Whether the table is written one Hive partition at a time.
    #[must_use]
    pub fn is_partitioned(&self) -> bool {
        !self.partition_by.is_empty()
    }

    /// The declared columns that are stored in the Parquet files (all but
    /// the partition columns, which are in the path).
    pub fn file_columns(&self) -> impl Iterator<Item = &ColumnDef> {
        self.columns
            .iter()
            .filter(|c| !self.partition_by.contains(&c.name))
    }

    /// Position of a column by name.
    #[must_use]
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// The Arrow schema of all declared columns.
    #[must_use]
    pub fn arrow_schema(&self) -> Arc<Schema> {
        Arc::new(Schema::new(
            self.columns
                .iter()
                .map(|c| Field::new(&c.name, c.ty.arrow(), c.nullable))
                .collect::<Vec<_>>(),
        ))
    }

    /// `CREATE TABLE` for DuckDB, with column comments.
    #[must_use]
    pub fn duckdb_ddl(&self) -> String {
        let cols: Vec<String> = self
            .columns
            .iter()
            .map(|c| {
                format!(
                    "\"{}\" {}{}",
                    c.name,
                    c.ty.sql(),
                    if c.nullable { "" } else { " NOT NULL" }
                )
            })
            .collect();
        let mut sql = format!("CREATE TABLE \"{}\" ({});\n", self.name, cols.join(", "));
        sql.push_str(&format!(
            "COMMENT ON TABLE \"{}\" IS '{}';\n",
            self.name,
            self.description.replace('\'', "''")
        ));
        for c in &self.columns {
            sql.push_str(&format!(
                "COMMENT ON COLUMN \"{}\".\"{}\" IS '{}';\n",
                self.name,
                c.name,
                c.description.replace('\'', "''")
            ));
        }
        sql
    }
}

/// All declared tables and views.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Tables in declaration order.
    pub tables: Vec<TableDef>,
    /// Views in creation order.
    pub views: Vec<View>,
}

/// The schema files, embedded: (file name, contents).
pub const SCHEMA_FILES: &[(&str, &str)] = &[
    (
        "document.toml",
        include_str!("../../../schemas/document.toml"),
    ),
    (
        "report_table.toml",
        include_str!("../../../schemas/report_table.toml"),
    ),
    (
        "report_cell.toml",
        include_str!("../../../schemas/report_cell.toml"),
    ),
    (
        "quality_finding.toml",
        include_str!("../../../schemas/quality_finding.toml"),
    ),
    (
        "fact_statement_line.toml",
        include_str!("../../../schemas/fact_statement_line.toml"),
    ),
    (
        "fact_service_area.toml",
        include_str!("../../../schemas/fact_service_area.toml"),
    ),
    (
        "fact_investment_area.toml",
        include_str!("../../../schemas/fact_investment_area.toml"),
    ),
    (
        "fact_kostra_indicator.toml",
        include_str!("../../../schemas/fact_kostra_indicator.toml"),
    ),
    (
        "fact_report_series.toml",
        include_str!("../../../schemas/fact_report_series.toml"),
    ),
    (
        "fact_ssb_kostra.toml",
        include_str!("../../../schemas/fact_ssb_kostra.toml"),
    ),
    (
        "dim_municipality.toml",
        include_str!("../../../schemas/dim_municipality.toml"),
    ),
    (
        "dim_period.toml",
        include_str!("../../../schemas/dim_period.toml"),
    ),
    (
        "dim_kostra_group.toml",
        include_str!("../../../schemas/dim_kostra_group.toml"),
    ),
];

impl Catalog {
    /// The catalog compiled into this binary from `schemas/` and `schemas/views/`.
    ///
    /// # Errors
    /// [`StoreError::Schema`] if a schema file is invalid (a test keeps them valid).
    pub fn embedded() -> Result<Catalog, StoreError> {
        let tables = SCHEMA_FILES
            .iter()
            .map(|(f, t)| TableDef::from_toml(f, t))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Catalog {
            tables,
            views: views::embedded(),
        })
    }

    /// SHA-256 (hex) of every embedded schema and view file: what the DuckDB
    /// file's tables and views were created from. The DDL runs again only
    /// when it changes.
    #[must_use]
    pub fn schema_sha256() -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for (name, body) in Catalog::files() {
            h.update(name.as_bytes());
            h.update([0]);
            h.update(body.as_bytes());
            h.update([0]);
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Every file the embedded catalog is made of, as (path in the project,
    /// contents): the table schemas, then the views. The shape of the
    /// warehouse depends on nothing else of the store (a run's configuration
    /// hash iterates this).
    pub fn files() -> impl Iterator<Item = (String, &'static str)> {
        let schemas = SCHEMA_FILES
            .iter()
            .map(|(f, t)| (format!("schemas/{f}"), *t));
        let views = VIEW_FILES
            .iter()
            .map(|(v, sql)| (format!("schemas/views/{v}.sql"), *sql));
        schemas.chain(views)
    }

    /// A table by name.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&TableDef> {
        self.tables.iter().find(|t| t.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_schemas_parse_and_partition_on_municipality_and_report_year() {
        let cat = Catalog::embedded().expect("schemas parse");
        let names: Vec<&str> = cat.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "document",
                "report_table",
                "report_cell",
                "quality_finding",
                "fact_statement_line",
                "fact_service_area",
                "fact_investment_area",
                "fact_kostra_indicator",
                "fact_report_series",
                "fact_ssb_kostra",
                "dim_municipality",
                "dim_period",
                "dim_kostra_group"
            ]
        );
        for t in &cat.tables {
            let per_edition = !(t.name.starts_with("dim_") || t.name == "fact_ssb_kostra");
            let want: &[&str] = if per_edition {
                &["municipality_code", "report_year"]
            } else {
                &[]
            };
            assert_eq!(t.partition_by, want, "{}", t.name);
            if per_edition {
                // The partition columns close the declaration, in path order,
                // as `read_parquet(…, hive_partitioning = true)` returns them.
                let n = t.columns.len();
                let last: Vec<&str> = t.columns[n - 2..].iter().map(|c| c.name.as_str()).collect();
                assert_eq!(last, want, "{}", t.name);
                assert_eq!(t.file_columns().count(), n - 2);
            }
            assert!(
                t.columns.iter().all(|c| !c.description.is_empty()),
                "{}",
                t.name
            );
        }
        let cell = cat.get("report_cell").expect("report_cell");
        assert_eq!(cell.columns[0].name, "document_id");
        assert_eq!(
            cell.arrow_schema()
                .field_with_name("value")
                .expect("value")
                .data_type(),
            &DataType::Float64
        );
    }

    #[test]
    fn unknown_partition_column_is_an_error() {
        let err = TableDef::from_toml(
            "x.toml",
            "name='x'\ndescription='d'\npartition_by=['nope']\n[[columns]]\nname='a'\ntype='utf8'\nnullable=false\ndescription='a'\n",
        )
        .expect_err("must fail");
        assert!(err.to_string().contains("partition column nope"), "{err}");
    }
}
