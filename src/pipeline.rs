//! Job definitions (`pipelines/*.toml`): which documents, which municipality and
//! year, which warehouse.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::Error;

/// The kind of an input document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A PDF report.
    Pdf,
    /// An Excel 2007+ workbook.
    Xlsx,
    /// An Excel 97–2003 workbook.
    Xls,
    /// An OpenDocument spreadsheet.
    Ods,
}

impl Kind {
    /// From a file extension (case-insensitive).
    #[must_use]
    pub fn from_path(path: &Path) -> Option<Kind> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "pdf" => Some(Kind::Pdf),
            "xlsx" | "xlsm" => Some(Kind::Xlsx),
            "xls" => Some(Kind::Xls),
            "ods" => Some(Kind::Ods),
            _ => None,
        }
    }
    /// Lower-case name as stored in `document.kind`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Xlsx => "xlsx",
            Kind::Xls => "xls",
            Kind::Ods => "ods",
        }
    }
}

/// The municipality a job is about.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Municipality {
    /// Four-digit SSB municipality number ("5001").
    pub code: String,
    /// Name ("Trondheim").
    pub name: Option<String>,
}

/// One input document of a job.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// Path, relative to the project folder.
    pub path: PathBuf,
    /// Kind; from the extension when absent.
    pub kind: Option<Kind>,
    /// Report year; read from the document when absent.
    pub report_year: Option<i32>,
}

/// A job: documents of one municipality into one warehouse.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Pipeline {
    /// Job name (for logs).
    pub name: String,
    /// Warehouse: a folder (relative to the project folder) or an object
    /// store URL (`s3://bucket/prefix`).
    pub warehouse: String,
    /// The local DuckDB file (relative to the project folder); by default
    /// `kommunetall.duckdb` in a warehouse folder, or
    /// `.kommunetall/<bucket>/<prefix>/kommunetall.duckdb` for a URL.
    #[serde(default)]
    pub duckdb: Option<PathBuf>,
    /// The municipality.
    pub municipality: Municipality,
    /// The documents.
    #[serde(rename = "input")]
    pub inputs: Vec<Input>,
    /// KOSTRA figures from SSB to load beside the documents, when any.
    #[serde(default)]
    pub kostra: Option<KostraSource>,
}

/// Where a pipeline's KOSTRA responses are stored and which queries it makes.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct KostraSource {
    /// Folder of stored SSB responses (relative to the project folder): `raw/kostra`.
    pub store: PathBuf,
    /// TOML file of `[[query]]` table queries (relative to the project folder).
    pub queries: PathBuf,
}

/// A loaded pipeline with the folder its relative paths start from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The definition.
    pub pipeline: Pipeline,
    /// The project folder: the parent of `pipelines/` (or the file's own folder otherwise).
    pub root: PathBuf,
}

/// Reads and checks a pipeline file.
///
/// # Errors
/// [`Error::Pipeline`] naming the file and the problem.
pub fn load(path: &Path) -> Result<Loaded, Error> {
    let perr = |reason: String| Error::Pipeline {
        path: path.display().to_string(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| perr(e.to_string()))?;
    let pipeline: Pipeline = toml::from_str(&text).map_err(|e| perr(e.to_string()))?;
    let code = &pipeline.municipality.code;
    if code.len() != 4 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(perr(format!(
            "municipality.code must be four digits as SSB writes it (\"0301\", \"5001\"), got {code:?}"
        )));
    }
    if pipeline.inputs.is_empty() {
        return Err(perr("no [[input]] documents".into()));
    }
    for i in &pipeline.inputs {
        if i.kind.is_none() && Kind::from_path(&i.path).is_none() {
            return Err(perr(format!(
                "{}: cannot tell the kind from the extension; add kind = \"pdf\"|\"xlsx\"|\"xls\"|\"ods\"",
                i.path.display()
            )));
        }
    }
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let dir = if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    };
    let root = if dir.file_name().is_some_and(|n| n == "pipelines") {
        dir.parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."))
    } else {
        dir
    };
    Ok(Loaded { pipeline, root })
}

/// Loads one pipeline file, or every pipeline file (`*.toml` with a
/// `[municipality]` table) directly inside a folder, sorted by name. Other TOML
/// files in the folder (query lists and such) are skipped.
///
/// # Errors
/// [`Error::Pipeline`] for an unreadable folder, an invalid pipeline file, a
/// folder without pipelines, or pipelines that name different warehouses.
pub fn load_all(path: &Path) -> Result<Vec<Loaded>, Error> {
    if !path.is_dir() {
        return Ok(vec![load(path)?]);
    }
    let perr = |reason: String| Error::Pipeline {
        path: path.display().to_string(),
        reason,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| perr(e.to_string()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| Error::Pipeline {
            path: f.display().to_string(),
            reason: e.to_string(),
        })?;
        let is_pipeline = text
            .parse::<toml::Table>()
            .map(|t| t.contains_key("municipality"))
            .unwrap_or(true); // let load() report the syntax error
        if is_pipeline {
            out.push(load(&f)?);
        } else {
            tracing::debug!(file = %f.display(), "not a pipeline (no [municipality]); skipped");
        }
    }
    if out.is_empty() {
        return Err(perr(
            "no pipeline files (*.toml with [municipality]) in this folder".into(),
        ));
    }
    let wh = |l: &Loaded| {
        kommunetall_store::Target::resolve(
            &l.root,
            &l.pipeline.warehouse,
            l.pipeline.duckdb.as_deref(),
        )
    };
    if let Some(other) = out.iter().find(|l| wh(l) != wh(&out[0])) {
        return Err(perr(format!(
            "pipelines {} and {} write to different warehouses ({} vs {}); a folder run writes one warehouse",
            out[0].pipeline.name,
            other.pipeline.name,
            wh(&out[0]),
            wh(other)
        )));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_pipeline_loads() {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines/trondheim.toml");
        let l = load(&p).expect("loads");
        assert_eq!(l.pipeline.municipality.code, "5001");
        assert_eq!(l.pipeline.inputs.len(), 2);
        assert_eq!(l.root, Path::new(env!("CARGO_MANIFEST_DIR")));
        for i in &l.pipeline.inputs {
            assert!(l.root.join(&i.path).exists(), "{}", i.path.display());
        }
    }

    #[test]
    fn bad_code_is_named() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("x.toml");
        std::fs::write(
            &p,
            "name='x'\nwarehouse='w'\n[municipality]\ncode='501'\n[[input]]\npath='a.pdf'\n",
        )
        .expect("w");
        let e = load(&p).expect_err("bad code");
        assert!(
            e.to_string().contains("four digits") && e.to_string().contains("x.toml"),
            "{e}"
        );
    }
}
