//! Units: what a report says its numbers are counted in, wherever it says it.
//!
//! Reports state a unit in the caption ("Tabell 1.1 … Tall i millioner
//! kroner."), in a note line above or below the table ("Beløp i hele 1 000
//! kr", "(i tusen kroner)", "NOK 1000", "TNOK"), in a column header
//! ("Regnskap 2024 (mill. kr)", "Antall"), in a row label ("Netto lånegjeld
//! (mill. kr)", "Andel (%)", "Millioner kroner") or in the cell ("63 %").
//! [`stated`] reads a caption or note, [`in_label`] a row label or one header
//! text, [`in_header`] a column's header texts, [`of_cell`] a printed cell, and
//! [`resolve`] says which one counts: cell > row > column > table.
//!
//! A unit is only read where it is *stated*, never from an amount in prose:
//! "beløpsgrense til 300 000 kroner" and "2 474 mill. kroner" are amounts, and
//! "Avrundet til nærmeste 1 000 kroner" is a rounding, not a unit of thousands.
//! A scale without a currency ("i tusen", "(mill.)") is not read either: it
//! may count people as well as kroner.

use serde::{Deserialize, Serialize};

/// A unit a report counts its numbers in.
///
/// Serialised (and shown in the warehouse) as its Norwegian name,
/// [`Unit::as_str`]: "millioner kroner", "prosent", ….
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Unit {
    /// Kroner ("kr", "NOK", "hele kroner").
    #[serde(rename = "kroner")]
    Kroner,
    /// Thousands of kroner ("tusen kroner", "1 000 kr", "NOK 1000", "TNOK", "tkr").
    #[serde(rename = "tusen kroner")]
    TusenKroner,
    /// Millions of kroner ("millioner kroner", "mill. kr", "MNOK").
    #[serde(rename = "millioner kroner")]
    MillionerKroner,
    /// Billions (milliarder) of kroner ("milliarder kroner", "mrd. kr").
    #[serde(rename = "milliarder kroner")]
    MilliarderKroner,
    /// Kroner per inhabitant ("kr per innbygger", "kroner pr. innbygger").
    #[serde(rename = "kr per innbygger")]
    KronerPerInnbygger,
    /// Percent ("prosent", "pst.", "%").
    #[serde(rename = "prosent")]
    Prosent,
    /// Percentage points ("prosentpoeng", "%-poeng").
    #[serde(rename = "prosentpoeng")]
    Prosentpoeng,
    /// Per mille ("promille", "‰").
    #[serde(rename = "promille")]
    Promille,
    /// A count ("antall").
    #[serde(rename = "antall")]
    Antall,
    /// Full-time equivalents ("årsverk").
    #[serde(rename = "årsverk")]
    Arsverk,
    /// Days ("dager").
    #[serde(rename = "dager")]
    Dager,
    /// Hours ("timer").
    #[serde(rename = "timer")]
    Timer,
    /// Weeks ("uker").
    #[serde(rename = "uker")]
    Uker,
    /// Minutes ("minutter").
    #[serde(rename = "minutter")]
    Minutter,
}

impl Unit {
    /// Every unit, in declaration order.
    pub const ALL: [Unit; 14] = [
        Unit::Kroner,
        Unit::TusenKroner,
        Unit::MillionerKroner,
        Unit::MilliarderKroner,
        Unit::KronerPerInnbygger,
        Unit::Prosent,
        Unit::Prosentpoeng,
        Unit::Promille,
        Unit::Antall,
        Unit::Arsverk,
        Unit::Dager,
        Unit::Timer,
        Unit::Uker,
        Unit::Minutter,
    ];

    /// The readable name, as stored in the warehouse ("millioner kroner").
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Kroner => "kroner",
            Unit::TusenKroner => "tusen kroner",
            Unit::MillionerKroner => "millioner kroner",
            Unit::MilliarderKroner => "milliarder kroner",
            Unit::KronerPerInnbygger => "kr per innbygger",
            Unit::Prosent => "prosent",
            Unit::Prosentpoeng => "prosentpoeng",
            Unit::Promille => "promille",
            Unit::Antall => "antall",
            Unit::Arsverk => "årsverk",
            Unit::Dager => "dager",
            Unit::Timer => "timer",
            Unit::Uker => "uker",
            Unit::Minutter => "minutter",
        }
    }

    /// The unit of a readable name ([`Unit::as_str`]); `None` for any other text.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.as_str() == name)
    }

    /// The factor that turns a number printed in this unit into kroner: 1 for
    /// kroner (also per inhabitant), 10³, 10⁶, 10⁹ for thousands, millions and
    /// milliarder; `None` when the unit is not money.
    #[must_use]
    pub fn nok_factor(self) -> Option<f64> {
        match self {
            Unit::Kroner | Unit::KronerPerInnbygger => Some(1.0),
            Unit::TusenKroner => Some(1e3),
            Unit::MillionerKroner => Some(1e6),
            Unit::MilliarderKroner => Some(1e9),
            _ => None,
        }
    }

    /// An amount of money (any scale of kroner).
    #[must_use]
    pub fn is_money(self) -> bool {
        self.nok_factor().is_some()
    }
}

impl std::fmt::Display for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The unit of one value cell: the most specific statement wins — the cell's
/// own ("63 %", a percent number format), then its row label's, then its
/// column header's, then the table's (caption or note).
#[must_use]
pub fn resolve(
    cell: Option<Unit>,
    row: Option<Unit>,
    column: Option<Unit>,
    table: Option<Unit>,
) -> Option<Unit> {
    cell.or(row).or(column).or(table)
}

/// The unit a printed cell carries itself: "63 %" → prosent, "2,1 %-poeng" →
/// prosentpoeng, "4 ‰" → promille.
#[must_use]
pub fn of_cell(text: &str) -> Option<Unit> {
    if text.contains('%') {
        let l = text.to_lowercase();
        if l.contains("%-poeng") || l.contains("% poeng") {
            Some(Unit::Prosentpoeng)
        } else {
            Some(Unit::Prosent)
        }
    } else if text.contains('‰') {
        Some(Unit::Promille)
    } else {
        None
    }
}

/// The unit a caption or a note line states, the first when it states
/// several: "Tall i millioner kroner." → millioner kroner, "Beløp i hele
/// 1 000 kr" → tusen kroner, "… 2025. Mrd. kroner" → milliarder kroner,
/// "Tid i uker" → uker. Amounts in prose ("til 300 000 kroner") state none.
#[must_use]
pub fn stated(text: &str) -> Option<Unit> {
    find(text).map(|s| s.unit)
}

/// Where a caption or note states its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Statement {
    /// The unit stated.
    pub unit: Unit,
    /// Byte offset where the statement starts, with its "i" or "(" before
    /// it ("… for rus i mill kr" starts at "i").
    pub start: usize,
    /// Byte offset just after the unit phrase.
    pub end: usize,
}

/// The first unit statement of a caption or note ([`stated`]) and where it stands.
#[must_use]
pub fn find(text: &str) -> Option<Statement> {
    let toks = tokens(text);
    let mut i = 0;
    while i < toks.len() {
        let Some(p) = phrase_at(&toks, i) else {
            i += 1;
            continue;
        };
        if table_statement(&toks, &p) {
            let mut first = p.start;
            if first > 0 && (toks[first - 1].is("i") || toks[first - 1].is("(")) {
                first -= 1;
            }
            return Some(Statement {
                unit: p.unit,
                start: toks[first].start,
                end: toks[p.end - 1].end,
            });
        }
        // "658 millioner kroner" is an amount: its "kroner" is no statement either.
        i = p.end;
    }
    None
}

/// The unit a row label or one header text states: in parentheses
/// ("Netto lånegjeld (mill. kr)", "Andel (%)", "(i tusen kroner)"), at its end
/// after a comma or "i" ("Dekningsgrad, prosent", "Beløp i mill. kr",
/// "Endring i %"), as "(i) prosent av" ("Netto driftsresultat i prosent av
/// brutto driftsinntekter", "Prosent av arbeidsstyrken"), or as the whole
/// text ("Millioner kroner", "Antall", "Årsverk"). A word that only names what
/// is counted ("Antall kunstnere", "Barn per årsverk") states none.
#[must_use]
pub fn in_label(text: &str) -> Option<Unit> {
    let toks = tokens(text);
    // The last meaningful token: trailing footnote marks and full stops do not count.
    let mut last = toks.len();
    while last > 0 && toks[last - 1].is_trailer() {
        last -= 1;
    }
    let mut i = 0;
    while i < last {
        let Some(p) = phrase_at(&toks, i) else {
            i += 1;
            continue;
        };
        if p.end <= last && label_statement(&toks, &p, last) {
            return Some(p.unit);
        }
        i = p.end;
    }
    None
}

/// The unit a column's header states: its header texts (top to bottom) read
/// with [`in_label`] from the bottom up, the text nearest the numbers winning
/// ("Kvinne" over "Antall" gives antall).
#[must_use]
pub fn in_header(texts: &[&str]) -> Option<Unit> {
    texts.iter().rev().find_map(|t| in_label(t))
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Num,
    Sym,
}

/// One token of a text: a run of letters, a number (thousand groups joined:
/// "1 000" is one token "1000"), or one other character.
#[derive(Debug, Clone)]
struct Tok {
    /// Lower case; a number without its group separators.
    s: String,
    kind: Kind,
    /// Byte offsets in the original text.
    start: usize,
    end: usize,
}

impl Tok {
    fn is(&self, s: &str) -> bool {
        self.s == s
    }
    fn is_num(&self) -> bool {
        self.kind == Kind::Num
    }
    /// Full stops, footnote marks and the like at the end of a label.
    fn is_trailer(&self) -> bool {
        matches!(self.s.as_str(), "." | "*" | ":" | "¹" | "²" | "³")
            || (self.kind == Kind::Num && self.s.len() == 1)
    }
}

fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}')
}

fn tokens(text: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut it = text.char_indices().peekable();
    // Whether only group spaces (at most one) stand between the last token and the next.
    let mut gap = 0usize;
    let mut gap_other = false;
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            if is_group_space(c) {
                gap += 1;
            } else {
                gap_other = true;
            }
            continue;
        }
        let (kind, mut end) = if c.is_alphabetic() {
            (Kind::Word, i + c.len_utf8())
        } else if c.is_ascii_digit() {
            (Kind::Num, i + c.len_utf8())
        } else {
            (Kind::Sym, i + c.len_utf8())
        };
        if kind != Kind::Sym {
            while let Some(&(j, d)) = it.peek() {
                let same = match kind {
                    Kind::Word => d.is_alphabetic(),
                    _ => d.is_ascii_digit(),
                };
                if !same {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
        }
        let raw = &text[i..end];
        // "1 000", "300 000": a three-digit group after a number and one space joins it.
        let joins = kind == Kind::Num
            && raw.len() == 3
            && gap == 1
            && !gap_other
            && out.last().is_some_and(|p| {
                p.kind == Kind::Num
                    && (p.s.len() <= 3 || text[p.start..p.end].chars().any(is_group_space))
            });
        if joins && let Some(p) = out.last_mut() {
            p.s.push_str(raw);
            p.end = end;
        } else {
            out.push(Tok {
                s: raw.to_lowercase(),
                kind,
                start: i,
                end,
            });
        }
        gap = 0;
        gap_other = false;
    }
    out
}

const MONEY: &[&str] = &["kroner", "krone", "kr", "nok", "kronor"];
const THOUSANDS: &[&str] = &["tusen", "thousand", "thousands"];
const MILLIONS: &[&str] = &[
    "millioner",
    "million",
    "millions",
    "mill",
    "mil",
    "mio",
    "mln",
];
const BILLIONS: &[&str] = &["milliarder", "milliard", "mrd", "billion", "billions"];
const PERCENT: &[&str] = &["prosent", "pst", "%", "percent"];

/// The scale a word gives an amount of kroner, when it is a scale word.
fn scale(t: &Tok) -> Option<Unit> {
    let s = t.s.as_str();
    if THOUSANDS.contains(&s) || (t.is_num() && s == "1000") {
        Some(Unit::TusenKroner)
    } else if MILLIONS.contains(&s) {
        Some(Unit::MillionerKroner)
    } else if BILLIONS.contains(&s) {
        Some(Unit::MilliarderKroner)
    } else {
        None
    }
}

/// A unit written as one word: "TNOK", "tkr", "MNOK", "mkr", "mnkr", "mdkr".
fn compact(s: &str) -> Option<Unit> {
    match s {
        "tnok" | "tkr" => Some(Unit::TusenKroner),
        "mnok" | "mkr" | "mnkr" => Some(Unit::MillionerKroner),
        "mdkr" | "mdrkr" | "mrdkr" | "mrdnok" => Some(Unit::MilliarderKroner),
        _ => None,
    }
}

/// A word unit that is not money.
fn word_unit(s: &str) -> Option<Unit> {
    match s {
        _ if PERCENT.contains(&s) => Some(Unit::Prosent),
        "prosentpoeng" => Some(Unit::Prosentpoeng),
        "promille" | "‰" => Some(Unit::Promille),
        "antall" => Some(Unit::Antall),
        "årsverk" | "arsverk" => Some(Unit::Arsverk),
        "dager" | "døgn" => Some(Unit::Dager),
        "timer" => Some(Unit::Timer),
        "uker" => Some(Unit::Uker),
        "minutter" => Some(Unit::Minutter),
        _ => None,
    }
}

/// A unit phrase found at a token.
#[derive(Debug, Clone, Copy)]
struct Phrase {
    unit: Unit,
    /// First token (a "hele" before the phrase included).
    start: usize,
    /// One past the last token.
    end: usize,
    /// The scale is the number 1000 ("1 000 kr"), which needs its context.
    by_number: bool,
}

/// Words naming the price basis of amounts, set between a scale and the
/// currency ("mill. løpende kroner").
const BASIS: &[&str] = &["løpende", "faste", "nominelle", "reelle"];

/// The unit phrase starting at token `i`, if one does.
fn phrase_at(toks: &[Tok], i: usize) -> Option<Phrase> {
    let t = toks.get(i)?;
    let at = |k: usize| toks.get(k);
    // "hele 1 000 kr", "hele kroner": "hele" (whole) belongs to the phrase.
    if t.is("hele") {
        let p = phrase_at(toks, i + 1)?;
        return p.unit.is_money().then_some(Phrase { start: i, ..p });
    }
    // Skips one "." after an abbreviation ("mill. kr", "pr. innbygger").
    let after_dot = |k: usize| {
        if at(k).is_some_and(|x| x.is(".")) {
            k + 1
        } else {
            k
        }
    };
    if let Some(u) = compact(&t.s) {
        // "2 MNOK kr": a currency word after it says the same again.
        let k = after_dot(i + 1);
        let end = if at(k).is_some_and(|x| MONEY.contains(&x.s.as_str())) {
            k + 1
        } else {
            i + 1
        };
        return Some(Phrase {
            unit: u,
            start: i,
            end,
            by_number: false,
        });
    }
    if let Some(u) = scale(t) {
        let mut k = after_dot(i + 1);
        // The price basis between scale and currency: "Mill. løpende
        // kroner", "mrd. faste kroner".
        if !t.is_num()
            && at(k).is_some_and(|x| BASIS.contains(&x.s.as_str()))
            && at(k + 1).is_some_and(|x| MONEY.contains(&x.s.as_str()))
        {
            k += 1;
        }
        if at(k).is_some_and(|x| MONEY.contains(&x.s.as_str())) {
            return Some(Phrase {
                unit: u,
                start: i,
                end: k + 1,
                by_number: t.is_num(),
            });
        }
        return None;
    }
    if MONEY.contains(&t.s.as_str()) {
        let k = after_dot(i + 1);
        // "NOK 1000", "NOK 1 000", "kr mill." — but not "kr 500" (an amount);
        // a digit glued to the word, or one lone digit ending the text, is a
        // footnote mark ("Kroner2", "Kroner 2").
        let footnote = |n: &Tok| {
            n.is_num()
                && (n.start == t.end
                    || n.s.len() == 1 && at(k + 1).is_none_or(|x| x.kind == Kind::Sym))
        };
        if let Some(n) = at(k).filter(|n| !footnote(n)) {
            if let Some(u) = scale(n)
                && !at(k + 1).is_some_and(Tok::is_num)
            {
                return Some(Phrase {
                    unit: u,
                    start: i,
                    end: k + 1,
                    by_number: false,
                });
            }
            if n.is_num() {
                return None;
            }
        }
        // "kr per innbygger", "kroner pr. innbygger", "kr/innb."
        if let Some(p) = at(k)
            && (p.is("per") || p.is("pr") || p.is("/"))
        {
            let k2 = after_dot(k + 1);
            if at(k2).is_some_and(|x| x.s.starts_with("innb")) {
                return Some(Phrase {
                    unit: Unit::KronerPerInnbygger,
                    start: i,
                    end: k2 + 1,
                    by_number: false,
                });
            }
        }
        return Some(Phrase {
            unit: Unit::Kroner,
            start: i,
            end: i + 1,
            by_number: false,
        });
    }
    // "%-poeng"
    if t.is("%") && at(i + 1).is_some_and(|x| x.is("-")) && at(i + 2).is_some_and(|x| x.is("poeng"))
    {
        return Some(Phrase {
            unit: Unit::Prosentpoeng,
            start: i,
            end: i + 3,
            by_number: false,
        });
    }
    word_unit(&t.s).map(|u| Phrase {
        unit: u,
        start: i,
        end: i + 1,
        by_number: false,
    })
}

/// Words after which "1 000 kr" states thousands ("Beløp i 1 000 kr", "(1000 kr)"),
/// unlike "til nærmeste 1 000 kroner" or "en avgift på 1 000 kroner".
fn opens_statement(t: Option<&Tok>) -> bool {
    match t {
        None => true,
        Some(t) if t.kind == Kind::Sym => true,
        Some(t) => matches!(t.s.as_str(), "i" | "in" | "beløp" | "tall" | "belopp"),
    }
}

/// Whether the phrase, in a caption or note, states the table's unit.
fn table_statement(toks: &[Tok], p: &Phrase) -> bool {
    let prev = p.start.checked_sub(1).and_then(|k| toks.get(k));
    // An amount: a number right before the phrase ("300 000 kroner", "2,4 mill. kr").
    if prev.is_some_and(Tok::is_num) {
        return false;
    }
    if p.by_number {
        return opens_statement(prev);
    }
    if p.unit.is_money() || p.unit == Unit::Prosent && toks[p.start].kind == Kind::Word {
        return true;
    }
    // A count or time word names what is counted unless it stands as a unit:
    // in parentheses, after "i" ("Tid i uker"), or alone after a full stop
    // ("… 2023. Antall").
    let next = toks.get(p.end);
    let closes = next.is_none_or(|n| matches!(n.s.as_str(), "." | "," | ";" | ")" | ":"));
    match prev {
        Some(t) if t.is("(") || t.is("i") => true,
        None => closes,
        Some(t) => matches!(t.s.as_str(), "." | ":" | "," | ";") && closes,
    }
}

/// Whether the phrase, in a row label or header text ending at token `last`, states its unit.
fn label_statement(toks: &[Tok], p: &Phrase, last: usize) -> bool {
    let prev = p.start.checked_sub(1).and_then(|k| toks.get(k));
    if prev.is_some_and(Tok::is_num) {
        return false;
    }
    if p.by_number && !opens_statement(prev) {
        return false;
    }
    // The whole label.
    if p.start == 0 && p.end == last {
        return true;
    }
    // In parentheses with nothing else but "i" or "beløp i": "(i 1 000 kr)", "(mill.kr.)".
    let mut a = p.start;
    while a > 0 && matches!(toks[a - 1].s.as_str(), "i" | "beløp" | "tall" | "hele") {
        a -= 1;
    }
    let mut b = p.end;
    while b < toks.len() && toks[b].is(".") {
        b += 1;
    }
    if a > 0 && toks[a - 1].is("(") && toks.get(b).is_some_and(|t| t.is(")")) {
        return true;
    }
    // "i prosent av …", "Prosent av arbeidsstyrken"
    if prev.is_none_or(|t| t.is("i"))
        && (p.unit == Unit::Prosent || p.unit.is_money())
        && toks.get(p.end).is_some_and(|t| t.is("av"))
    {
        return true;
    }
    let Some(prev) = prev else {
        return false;
    };
    if p.end != last {
        return false;
    }
    // At the end, after a comma, a colon, a dash or "i".
    if matches!(prev.s.as_str(), "," | ":" | "–" | "-" | "i" | "/") {
        return true;
    }
    // "… per innbygger kr", "Sykefravær %": money and percent also after a plain word.
    (p.unit.is_money() || p.unit == Unit::Prosent)
        && prev.kind == Kind::Word
        && !matches!(prev.s.as_str(), "per" | "pr" | "av" | "og" | "eller")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_join_thousand_groups_only() {
        let t = tokens("Beløp i 1 000 kr, 2,4 mill.");
        let s: Vec<&str> = t.iter().map(|t| t.s.as_str()).collect();
        assert_eq!(
            s,
            ["beløp", "i", "1000", "kr", ",", "2", ",", "4", "mill", "."]
        );
        assert_eq!(tokens("Kroner2")[1].s, "2");
    }

    #[test]
    fn names_round_trip() {
        for u in Unit::ALL {
            assert_eq!(Unit::from_name(u.as_str()), Some(u));
        }
    }
}
