//! `input.metadata`: a CSV with a `document` column (the document id, contracts §1) and
//! any other columns (party, year, date…), each typed as integer, number, date or text.
//!
//! Types are inferred from the non-empty values: all integers → integer, all numbers →
//! number, all ISO dates (`YYYY-MM` or `YYYY-MM-DD`, `YYYY` alone too when another value
//! has a month) → date, else text. `[input.metadata_types]` sets a column's type instead.
//! An empty cell is a missing value.
//!
//! ```
//! use paratopic::compare::metadata::{parse, ColumnType};
//!
//! let csv = "document,party,year\nlab/2019,labour,2019\ncon/2019,conservative,2019\n";
//! let m = parse(csv, "m.csv".as_ref(), &Default::default()).unwrap();
//! assert_eq!(m.column("year").unwrap().kind, ColumnType::Integer);
//! assert_eq!(m.column("party").unwrap().text, ["labour", "conservative"]);
//! ```

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The type of a metadata column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    /// Whole numbers (`1945`).
    Integer,
    /// Numbers (`0.25`, `1e3`).
    Number,
    /// ISO dates: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    Date,
    /// Anything else.
    Text,
}

impl ColumnType {
    /// Its name, as `[input.metadata_types]` takes it.
    pub fn name(self) -> &'static str {
        match self {
            ColumnType::Integer => "integer",
            ColumnType::Number => "number",
            ColumnType::Date => "date",
            ColumnType::Text => "text",
        }
    }
}

/// A calendar date, to the precision it was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year.
    pub year: i32,
    /// 1–12, when written.
    pub month: Option<u8>,
    /// 1–31, when written.
    pub day: Option<u8>,
}

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (month and day may have one digit);
    /// `None` for anything else, or a month or day that does not exist.
    pub fn parse(s: &str) -> Option<Date> {
        if !date_shaped(s) {
            return None;
        }
        let mut parts = s.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: Option<u8> = parts.next().map(str::parse).transpose().ok()?;
        let day: Option<u8> = parts.next().map(str::parse).transpose().ok()?;
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return None;
            }
            if let Some(d) = day {
                if d < 1 || d > days_in_month(year, m) {
                    return None;
                }
            }
        }
        Some(Date { year, month, day })
    }

    /// The month number counted from year 0 (`year × 12 + month − 1`; January when no
    /// month was written).
    pub fn month_index(&self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month.unwrap_or(1)) - 1
    }

    /// The date as a decimal year: the start of its day (or month, or year).
    pub fn decimal_year(&self) -> f64 {
        let m = f64::from(self.month.unwrap_or(1) - 1);
        let days = f64::from(days_in_month(self.year, self.month.unwrap_or(1)));
        let d = f64::from(self.day.unwrap_or(1) - 1);
        f64::from(self.year) + (m + d / days) / 12.0
    }

    /// Days since 0000-03-01 (a proleptic Gregorian day count; day 1 of the month
    /// when no day was written).
    pub fn day_number(&self) -> i64 {
        let (y, m) = (i64::from(self.year), i64::from(self.month.unwrap_or(1)));
        let d = i64::from(self.day.unwrap_or(1));
        let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
        365 * y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400) + (153 * m + 2) / 5 + d
            - 1
    }

    /// The date of a [`day_number`](Self::day_number).
    pub fn from_day_number(n: i64) -> Date {
        // inverse of day_number (civil-from-days, shifted to a March-based year)
        let era = n.div_euclid(146_097);
        let doe = n.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date {
            year,
            month: Some(month),
            day: Some(day),
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// Days in month `m` (1–12) of year `y`.
pub fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether `s` has the shape of an ISO date: four digits, then up to two `-`-separated
/// groups of one or two digits.
fn date_shaped(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    parts.len() <= 3
        && parts[0].len() == 4
        && digits(parts[0])
        && parts[1..]
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && digits(p))
}

/// A value on a time axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TimeValue {
    /// From an integer or number column.
    Number(f64),
    /// From a date column.
    Date(Date),
}

/// One metadata column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Its header.
    pub name: String,
    /// Its type, inferred or set.
    pub kind: ColumnType,
    /// Each row's text, trimmed (empty: missing).
    pub text: Vec<String>,
    /// Each row's value as a time, for integer, number and date columns (`None`:
    /// missing, or a text column).
    pub values: Vec<Option<TimeValue>>,
}

/// The metadata table, one row per document.
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    /// The file it was read from.
    pub path: PathBuf,
    /// The document id of each row.
    pub documents: Vec<String>,
    /// The line each row starts on (1-based; the header is line 1).
    pub lines: Vec<u64>,
    /// The other columns, in file order.
    pub columns: Vec<Column>,
    index: HashMap<String, usize>,
}

impl Metadata {
    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The row of document `id`.
    pub fn row(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
}

/// Reads the metadata CSV at `path`, typing its columns (`types` overrides the inferred
/// type of the columns it names).
///
/// # Errors
/// [`Error::Data`] (exit 1) naming the file, and the line where there is one: a missing
/// or unreadable file, no `document` column, a repeated column or document, a malformed
/// row, a value that does not fit its column's type (`file:line: column date: "2019-13"
/// is not a date…`). [`Error::Config`] (exit 2) when `types` names a column the file
/// does not have.
pub fn read(path: &Path, types: &BTreeMap<String, ColumnType>) -> Result<Metadata> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::Data(match e.kind() {
            std::io::ErrorKind::NotFound => format!(
                "input.metadata {}: no such file; give the path of a CSV with a document column \
                 (relative to the folder paratopic runs in)",
                path.display()
            ),
            _ => format!("input.metadata {}: cannot read it: {e}", path.display()),
        })
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::Data(format!(
            "input.metadata {}: not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })?;
    parse(&text, path, types)
}

/// [`read`] on the text of the file (`path` names it in messages).
///
/// # Errors
/// As [`read`].
pub fn parse(text: &str, path: &Path, types: &BTreeMap<String, ColumnType>) -> Result<Metadata> {
    let at = |line: u64, what: String| Error::Data(format!("{}:{line}: {what}", path.display()));
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // the csv crate does not count blank lines, and a record's offset may be at the
    // blank lines before it: lines come from the offset past them
    let line_of = |byte: u64| {
        let bytes = text.as_bytes();
        let mut end = (byte as usize).min(bytes.len());
        while end < bytes.len() && matches!(bytes[end], b'\n' | b'\r') {
            end += 1;
        }
        bytes[..end].iter().filter(|&&b| b == b'\n').count() as u64 + 1
    };
    let mut r = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .map_err(|e| at(1, e.to_string()))?
        .iter()
        .map(str::to_string)
        .collect();
    let Some(doc_col) = header.iter().position(|h| h == "document") else {
        return Err(at(
            1,
            format!(
                "no document column; the header is: {}. Name the column that holds each \
                 document's id (its path under the input folder without extension, e.g. \
                 labour/manifesto-2019) document",
                header.join(", ")
            ),
        ));
    };
    for (i, h) in header.iter().enumerate() {
        if h.is_empty() {
            return Err(at(1, format!("column {} has no name; name it", i + 1)));
        }
        if header[..i].contains(h) {
            return Err(at(1, format!("column {h} appears twice; rename one")));
        }
    }
    for name in types.keys() {
        if name == "document" || !header.contains(name) {
            return Err(Error::Config(format!(
                "input.metadata_types.{name}: {} has no column {name} to type; its columns are: {}",
                path.display(),
                header
                    .iter()
                    .filter(|h| *h != "document")
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    let mut documents = Vec::new();
    let mut lines = Vec::new();
    let mut cells: Vec<Vec<String>> = vec![Vec::new(); header.len()];
    let mut index: HashMap<String, usize> = HashMap::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| line_of(p.byte()));
            let why = match e.kind() {
                csv::ErrorKind::UnequalLengths { len, .. } => format!(
                    "this row has {len} fields and the header {}; put quotes around values \
                     that hold a comma",
                    header.len()
                ),
                _ => e.to_string(),
            };
            at(line, why)
        })?;
        let line = rec.position().map_or(0, |p| line_of(p.byte()));
        if rec.iter().all(str::is_empty) {
            continue;
        }
        let id = rec[doc_col].to_string();
        if id.is_empty() {
            return Err(at(line, "the document id is empty".into()));
        }
        if let Some(&first) = index.get(&id) {
            return Err(at(
                line,
                format!(
                    "document {id} appears again (first on line {}); give each document one row",
                    lines[first]
                ),
            ));
        }
        index.insert(id.clone(), documents.len());
        documents.push(id);
        lines.push(line);
        for (c, v) in rec.iter().enumerate() {
            cells[c].push(v.to_string());
        }
    }
    let mut columns = Vec::new();
    for (c, (name, text)) in header.into_iter().zip(cells).enumerate() {
        if c == doc_col {
            continue;
        }
        let kind = types.get(&name).copied().unwrap_or_else(|| infer(&text));
        let values = typed(&text, kind)
            .map_err(|(row, why)| at(lines[row], format!("column {name}: {why}")))?;
        columns.push(Column {
            name,
            kind,
            text,
            values,
        });
    }
    Ok(Metadata {
        path: path.to_path_buf(),
        documents,
        lines,
        columns,
        index,
    })
}

/// The type of a column with these cells (see the module docs).
pub fn infer(cells: &[String]) -> ColumnType {
    let mut values = cells.iter().filter(|s| !s.is_empty()).peekable();
    if values.peek().is_none() {
        return ColumnType::Text;
    }
    let all = |f: &dyn Fn(&str) -> bool| cells.iter().filter(|s| !s.is_empty()).all(|s| f(s));
    if all(&|s| s.parse::<i64>().is_ok()) {
        ColumnType::Integer
    } else if all(&|s| s.parse::<f64>().is_ok_and(f64::is_finite)) {
        ColumnType::Number
    } else if all(&date_shaped) && cells.iter().any(|s| s.contains('-')) {
        ColumnType::Date
    } else {
        ColumnType::Text
    }
}

/// Each cell as a time value under `kind`; the first cell that does not fit, with why.
fn typed(
    cells: &[String],
    kind: ColumnType,
) -> std::result::Result<Vec<Option<TimeValue>>, (usize, String)> {
    cells
        .iter()
        .enumerate()
        .map(|(row, s)| {
            if s.is_empty() || kind == ColumnType::Text {
                return Ok(None);
            }
            let bad = |what: &str| (row, format!("{s:?} is not {what}"));
            match kind {
                ColumnType::Integer => s
                    .parse::<i64>()
                    .map(|v| Some(TimeValue::Number(v as f64)))
                    .map_err(|_| bad("an integer (its type is integer)")),
                ColumnType::Number => s
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .map(|v| Some(TimeValue::Number(v)))
                    .ok_or_else(|| bad("a number (its type is number)")),
                _ => Date::parse(s)
                    .map(|d| Some(TimeValue::Date(d)))
                    .ok_or_else(|| {
                        bad("a date; write dates as YYYY, YYYY-MM or YYYY-MM-DD with a month 1-12 and a day that exists")
                    }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Metadata> {
        parse(text, Path::new("m.csv"), &BTreeMap::new())
    }

    #[test]
    fn types_are_inferred_from_the_values() {
        let m = parse_str(
            "\u{feff}document , n, x, when, who\n\
             a, 1, 0.5, 2019-01-05, Ann\n\
             b, , 2, 2020, Bob\n\
             c, 3, 1e3, 2021-12, 4\n",
        )
        .unwrap();
        let kinds: Vec<ColumnType> = m.columns.iter().map(|c| c.kind).collect();
        use ColumnType as C;
        assert_eq!(kinds, [C::Integer, C::Number, C::Date, C::Text]);
        assert_eq!(m.documents, ["a", "b", "c"]);
        assert_eq!(m.lines, [2, 3, 4]);
        assert_eq!(m.column("n").unwrap().values[1], None);
        assert_eq!(
            m.column("x").unwrap().values[2],
            Some(TimeValue::Number(1000.0))
        );
        let when = &m.column("when").unwrap().values;
        assert_eq!(
            when[0],
            Some(TimeValue::Date(Date {
                year: 2019,
                month: Some(1),
                day: Some(5)
            }))
        );
        assert_eq!(m.row("c"), Some(2));
        // a column of four-digit years alone is an integer column
        assert_eq!(infer(&["1945".into(), "1950".into()]), C::Integer);
        assert_eq!(infer(&["".into()]), C::Text);
    }

    #[test]
    fn types_can_be_set() {
        let types: BTreeMap<String, ColumnType> = [("year".to_string(), ColumnType::Date)].into();
        let m = parse("document,year\na,1945\n", Path::new("m.csv"), &types).unwrap();
        assert_eq!(m.columns[0].kind, ColumnType::Date);
        let types: BTreeMap<String, ColumnType> = [("yaer".to_string(), ColumnType::Date)].into();
        let e = parse("document,year\na,1945\n", Path::new("m.csv"), &types).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert_eq!(
            e.to_string(),
            "input.metadata_types.yaer: m.csv has no column yaer to type; its columns are: year"
        );
        let types: BTreeMap<String, ColumnType> =
            [("year".to_string(), ColumnType::Integer)].into();
        let e = parse(
            "document,year\na,1945\nb,c. 1950\n",
            Path::new("m.csv"),
            &types,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.csv:3: column year: \"c. 1950\" is not an integer (its type is integer)"
        );
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let cases = [
            (
                "document,date\na,2019-01-01\nb,2019-13-01\n",
                "m.csv:3: column date: \"2019-13-01\" is not a date; write dates as YYYY, YYYY-MM or YYYY-MM-DD with a month 1-12 and a day that exists",
            ),
            (
                "document,date\na,2019-02-29\n",
                "m.csv:2: column date: \"2019-02-29\" is not a date; write dates as YYYY, YYYY-MM or YYYY-MM-DD with a month 1-12 and a day that exists",
            ),
            (
                "document,party\na,x\nb,y\n\na,z\n",
                "m.csv:5: document a appears again (first on line 2); give each document one row",
            ),
            (
                "id,party\na,x\n",
                "m.csv:1: no document column; the header is: id, party. Name the column that holds each document's id (its path under the input folder without extension, e.g. labour/manifesto-2019) document",
            ),
            ("document,p,p\na,x,y\n", "m.csv:1: column p appears twice; rename one"),
            (
                "document,p\na,x\nb\n",
                "m.csv:3: this row has 1 fields and the header 2; put quotes around values that hold a comma",
            ),
            ("document,p\n,x\n", "m.csv:2: the document id is empty"),
        ];
        for (text, want) in cases {
            let e = parse_str(text).unwrap_err();
            assert_eq!(e.to_string(), want);
            assert_eq!(e.exit_code(), 1, "{want}");
        }
        let e = read(Path::new("/nonexistent/m.csv"), &BTreeMap::new()).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("input.metadata /nonexistent/m.csv: no such file;"),
            "{e}"
        );
        assert_eq!(e.exit_code(), 1);
    }

    #[test]
    fn dates_convert_both_ways() {
        for s in [
            "2019-01-05",
            "2000-02-29",
            "1789-12-31",
            "0001-03-01",
            "2024-03-01",
        ] {
            let d = Date::parse(s).unwrap();
            assert_eq!(Date::from_day_number(d.day_number()), d, "{s}");
            assert_eq!(d.to_string(), s);
        }
        let a = Date::parse("2019-12-31").unwrap().day_number();
        assert_eq!(Date::parse("2020-01-01").unwrap().day_number(), a + 1);
        assert_eq!(Date::parse("2020-3-1").unwrap().to_string(), "2020-03-01");
        assert_eq!(Date::parse("1990").unwrap().decimal_year(), 1990.0);
        assert_eq!(Date::parse("1990-07").unwrap().decimal_year(), 1990.5);
        for bad in [
            "199",
            "1990-00",
            "1990-1-32",
            "1990-02-30",
            "90-01-01",
            "1990-01-01-01",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }
}
