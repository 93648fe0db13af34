//! Numbers shown the way a Norwegian reader sees them: space as thousands
//! separator, comma as decimal separator, U+2212 as minus ("−5 253",
//! "2 067,2", "63%"), guided by the cell's number format where known.

/// What a spreadsheet number format asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct NumFmt {
    /// Shown as a percentage (the stored value is a fraction).
    pub percent: bool,
    /// Fixed decimals, or `None` for "General" (as many as needed).
    pub decimals: Option<u32>,
    /// Thousands grouping requested ("#,##0").
    pub grouping: bool,
}

/// Reads an Excel number format code ("#,##0.0", "0.0%", "General").
pub(crate) fn parse_format(code: &str) -> NumFmt {
    // First section only, without quoted literals, escapes and [..] tags.
    let mut plain = String::new();
    let mut chars = code.chars();
    let mut in_quote = false;
    let mut in_bracket = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => in_quote = !in_quote,
            _ if in_quote => {}
            '[' => in_bracket = true,
            ']' => in_bracket = false,
            _ if in_bracket => {}
            '\\' => {
                chars.next();
            }
            ';' => break,
            _ => plain.push(c),
        }
    }
    let lower = plain.to_ascii_lowercase();
    if lower.trim().is_empty() || lower.contains("general") {
        return NumFmt {
            percent: lower.contains('%'),
            decimals: None,
            grouping: false,
        };
    }
    let percent = plain.contains('%');
    let decimals = match plain.split_once('.') {
        Some((_, frac)) => u32::try_from(
            frac.chars()
                .take_while(|c| matches!(c, '0' | '#' | '?'))
                .count(),
        )
        .unwrap_or(0),
        None => 0,
    };
    let grouping = plain.split('.').next().is_some_and(|int| int.contains(','));
    NumFmt {
        percent,
        decimals: Some(decimals),
        grouping,
    }
}

/// The number format of a cell from its format code and, when known, its
/// format id: built-in ids 9 and 10 ("0%", "0.00%") are percentages
/// whatever their code reads as. One function for xlsx and xls.
pub(crate) fn number_format(code: &str, id: Option<u32>) -> NumFmt {
    let mut nf = parse_format(code);
    if matches!(id, Some(9 | 10)) {
        nf.percent = true;
    }
    nf
}

/// The code of a built-in number format id (ECMA-376 18.8.30, the same
/// table BIFF8 uses), for an id no FORMAT record defines; `None` for
/// locale-dependent and reserved ids.
pub(crate) fn builtin_format_code(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "mm-dd-yy",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "m/d/yy h:mm",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        41 => r#"_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)"#,
        42 => r#"_($* #,##0_);_($* (#,##0);_($* "-"_);_(@_)"#,
        43 => r#"_(* #,##0.00_);_(* (#,##0.00);_(* "-"??_);_(@_)"#,
        44 => r#"_($* #,##0.00_);_($* (#,##0.00);_($* "-"??_);_(@_)"#,
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mmss.0",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

/// Rounds to the 15 significant digits a spreadsheet displays, removing
/// binary noise (`9.699999999999999` → `9.7`, `0.028 * 100` → `2.8`).
pub(crate) fn round15(v: f64) -> f64 {
    if !v.is_finite() || v == 0.0 {
        return v;
    }
    format!("{v:.14e}").parse().unwrap_or(v)
}

/// Formats `v` (already scaled to percent points when `fmt.percent`).
pub(crate) fn format_number(v: f64, fmt: NumFmt) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let body = match fmt.decimals {
        Some(d) => format!("{:.*}", d.min(15) as usize, v.abs()),
        None => {
            let s = format!("{:.10}", round15(v.abs()));
            let s = s.trim_end_matches('0').trim_end_matches('.').to_owned();
            if s.is_empty() { "0".to_owned() } else { s }
        }
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i.to_owned(), Some(f.to_owned())),
        None => (body.clone(), None),
    };
    let group = fmt.grouping || int.len() >= 5;
    let int = if group && int.len() > 3 {
        let digits: Vec<char> = int.chars().collect();
        let mut out = String::new();
        for (i, c) in digits.iter().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(' ');
            }
            out.push(*c);
        }
        out
    } else {
        int
    };
    let is_zero = body.chars().all(|c| c == '0' || c == '.');
    let mut out = String::new();
    if v < 0.0 && !is_zero {
        out.push('\u{2212}');
    }
    out.push_str(&int);
    if let Some(f) = frac {
        out.push(',');
        out.push_str(&f);
    }
    if fmt.percent {
        out.push('%');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_a_norwegian_report() {
        let thousands = parse_format("#,##0");
        assert_eq!(format_number(-5253.0, thousands), "\u{2212}5 253");
        assert_eq!(format_number(2067.2, parse_format("#,##0.0")), "2 067,2");
        assert_eq!(format_number(13.0, parse_format("#,##0.0")), "13,0");
        let pct = parse_format("0%");
        assert!(pct.percent);
        assert_eq!(format_number(63.0, pct), "63%");
        assert_eq!(format_number(2.8, parse_format("0.0%")), "2,8%");
        let general = parse_format("General");
        assert_eq!(format_number(9.7, general), "9,7");
        assert_eq!(format_number(588_222.0, general), "588 222");
        assert_eq!(format_number(-0.0001, parse_format("0")), "0");
        assert_eq!(
            parse_format("[Red]#,##0.00;(#,##0.00)"),
            NumFmt {
                percent: false,
                decimals: Some(2),
                grouping: true
            }
        );
    }

    #[test]
    fn rounds_binary_noise() {
        assert_eq!(round15(0.028 * 100.0), 2.8);
        assert_eq!(round15(95.9), 95.9);
        assert_eq!(round15(-5253.0), -5253.0);
    }
}
