//! The workbook formats this crate reads.

/// The workbook format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Office Open XML workbook (.xlsx, .xlsm).
    Xlsx,
    /// Legacy Excel binary workbook (.xls, BIFF in an OLE container).
    Xls,
    /// OpenDocument spreadsheet (.ods).
    Ods,
}

impl Kind {
    /// The kind named by a file extension (case-insensitive), if any.
    #[must_use]
    pub fn from_extension(ext: &str) -> Option<Kind> {
        match ext.to_ascii_lowercase().as_str() {
            "xlsx" | "xlsm" => Some(Kind::Xlsx),
            "xls" => Some(Kind::Xls),
            "ods" => Some(Kind::Ods),
            _ => None,
        }
    }

    /// Lower-case extension for messages.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Xlsx => "xlsx",
            Kind::Xls => "xls",
            Kind::Ods => "ods",
        }
    }
}
