//! Groups of documents (by a metadata column's value) and time bins (of a number or
//! date column), as `[compare]` asks for them.
//!
//! `compare.time_bin`: `"auto"` (one bin per value up to [`MAX_AUTO_BINS`] values, else
//! the narrowest round width giving at most that many bins), a width in the column's unit
//! (days for a date column), `"year"`, `"decade"` or `"month"` (dates only). Bins are
//! aligned to multiples of their width (decades start in 1990, 2000…).
//!
//! ```
//! use paratopic::compare::bins::{bin_times, TimeBin};
//! use paratopic::compare::metadata::{ColumnType, TimeValue};
//!
//! let years: Vec<Option<TimeValue>> =
//!     [1991.0, 1998.0, 2003.0].iter().map(|&y| Some(TimeValue::Number(y))).collect();
//! let b = bin_times(&years, ColumnType::Integer, TimeBin::Decade).unwrap();
//! assert_eq!((b.bins[0].start.as_str(), b.bins[0].end.as_str()), ("1990", "1999"));
//! assert_eq!(b.of_doc, [Some(0), Some(0), Some(1)]);
//! ```

use super::metadata::{ColumnType, Date, TimeValue};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// With `time_bin = "auto"`, at most this many bins.
pub const MAX_AUTO_BINS: usize = 50;

/// The group name of documents without a value.
pub const MISSING: &str = "(missing)";

/// `compare.time_bin`: how time values are grouped into bins.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum TimeBin {
    /// One bin per value up to 50 values, else a round width giving at most 50 bins.
    #[default]
    Auto,
    /// A width in the column's unit (days for a date column).
    Width(f64),
    /// Calendar years (width 1 on a number column).
    Year,
    /// Decades (width 10 on a number column).
    Decade,
    /// Calendar months (date columns only).
    Month,
}

impl Serialize for TimeBin {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            TimeBin::Width(w) => s.serialize_f64(*w),
            TimeBin::Auto => s.serialize_str("auto"),
            TimeBin::Year => s.serialize_str("year"),
            TimeBin::Decade => s.serialize_str("decade"),
            TimeBin::Month => s.serialize_str("month"),
        }
    }
}

impl<'de> Deserialize<'de> for TimeBin {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = TimeBin;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a bin width (a number) or one of \"auto\", \"year\", \"decade\", \"month\"",
                )
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<TimeBin, E> {
                if v > 0.0 && v.is_finite() {
                    Ok(TimeBin::Width(v))
                } else {
                    Err(E::custom(format!(
                        "is {v}; a bin width must be above 0 (or use \"auto\", \"year\", \"decade\", \"month\")"
                    )))
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<TimeBin, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<TimeBin, E> {
                self.visit_f64(v as f64)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TimeBin, E> {
                match v {
                    "auto" => Ok(TimeBin::Auto),
                    "year" => Ok(TimeBin::Year),
                    "decade" => Ok(TimeBin::Decade),
                    "month" => Ok(TimeBin::Month),
                    _ => Err(E::custom(format!(
                        "is \"{v}\"; use a bin width (a number) or one of \"auto\", \"year\", \"decade\", \"month\""
                    ))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// Documents grouped by a column's value.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The value (or [`MISSING`]).
    pub name: String,
    /// Indices of its documents, ascending.
    pub docs: Vec<usize>,
}

/// Documents grouped by their value (`None`: the [`MISSING`] group, last); groups in
/// natural order of their names.
pub fn group_by(values: &[Option<&str>]) -> Vec<Group> {
    let mut map: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    let mut missing = Vec::new();
    for (d, v) in values.iter().enumerate() {
        match v {
            Some(v) => map.entry(v).or_default().push(d),
            None => missing.push(d),
        }
    }
    let mut groups: Vec<Group> = map
        .into_iter()
        .map(|(name, docs)| Group {
            name: name.to_string(),
            docs,
        })
        .collect();
    groups.sort_by(|a, b| crate::corpus::natural_cmp(&a.name, &b.name));
    if !missing.is_empty() {
        groups.push(Group {
            name: MISSING.into(),
            docs: missing,
        });
    }
    groups
}

/// One time bin.
#[derive(Debug, Clone, PartialEq)]
pub struct Bin {
    /// Its position among the bins of its width (consecutive bins differ by 1).
    pub key: i64,
    /// The first value it holds, as written in the tables.
    pub start: String,
    /// The last value it holds (for a number column with a width, where the next bin
    /// starts).
    pub end: String,
    /// Its middle on the time axis (decimal years for dates).
    pub x: f64,
}

/// The documents' time bins.
#[derive(Debug, Clone, PartialEq)]
pub struct Binned {
    /// The bins that hold a document, in time order.
    pub bins: Vec<Bin>,
    /// Each document's bin (`None`: no time value).
    pub of_doc: Vec<Option<usize>>,
    /// What one bin is, for captions: "one bin per value", "5-year bins"…
    pub unit: String,
}

/// Bins the documents' time values (`kind`: the column's type).
///
/// # Errors
/// Why the bin does not fit the column (`"month"` on a number column, a date width
/// below one day), as text for the caller to place.
pub fn bin_times(
    values: &[Option<TimeValue>],
    kind: ColumnType,
    bin: TimeBin,
) -> Result<Binned, String> {
    let dates: Vec<Option<Date>> = values
        .iter()
        .map(|v| match v {
            Some(TimeValue::Date(d)) => Some(*d),
            _ => None,
        })
        .collect();
    if kind == ColumnType::Date {
        return bin_dates(&dates, bin);
    }
    let nums: Vec<Option<f64>> = values
        .iter()
        .map(|v| match v {
            Some(TimeValue::Number(x)) => Some(*x),
            _ => None,
        })
        .collect();
    let integer = kind == ColumnType::Integer;
    let width = match bin {
        TimeBin::Month => {
            return Err(format!(
                "\"month\" needs a date column, and this one is of type {}; use a width, \"year\" or \"decade\"",
                kind.name()
            ))
        }
        TimeBin::Year => 1.0,
        TimeBin::Decade => 10.0,
        TimeBin::Width(w) => w,
        TimeBin::Auto => {
            let mut distinct: Vec<f64> = nums.iter().flatten().copied().collect();
            distinct.sort_by(f64::total_cmp);
            distinct.dedup();
            if distinct.len() <= MAX_AUTO_BINS {
                return Ok(per_value(&nums, &distinct, |v| number_text(*v), |v| *v));
            }
            auto_width(distinct[0], distinct[distinct.len() - 1], integer)
        }
    };
    Ok(by_width(&nums, width, integer))
}

/// `x` as the tables write it: an integer without a point, else the shortest form.
fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// One bin per distinct value (`distinct`, sorted).
fn per_value<T: PartialEq + Copy>(
    values: &[Option<T>],
    distinct: &[T],
    text: impl Fn(&T) -> String,
    x: impl Fn(&T) -> f64,
) -> Binned {
    let bins = distinct
        .iter()
        .enumerate()
        .map(|(i, v)| Bin {
            key: i as i64,
            start: text(v),
            end: text(v),
            x: x(v),
        })
        .collect();
    let of_doc = values
        .iter()
        .map(|v| v.and_then(|v| distinct.iter().position(|d| *d == v)))
        .collect();
    Binned {
        bins,
        of_doc,
        unit: "one bin per value".into(),
    }
}

/// The narrowest width of 1, 2 or 5 × 10^n (at least 1 for integers) that gives at most
/// [`MAX_AUTO_BINS`] bins from `lo` to `hi`.
fn auto_width(lo: f64, hi: f64, integer: bool) -> f64 {
    let span = (hi - lo).max(f64::MIN_POSITIVE);
    let mut e = (span / MAX_AUTO_BINS as f64).log10().floor() as i32 - 1;
    loop {
        for m in [1.0, 2.0, 5.0] {
            let w = m * 10f64.powi(e);
            if integer && w < 1.0 {
                continue;
            }
            let n = (hi / w).floor() - (lo / w).floor() + 1.0;
            if n <= MAX_AUTO_BINS as f64 {
                return w;
            }
        }
        e += 1;
    }
}

/// Bins of `width` aligned at its multiples.
fn by_width(nums: &[Option<f64>], width: f64, integer: bool) -> Binned {
    let key = |v: f64| (v / width).floor() as i64;
    let mut keys: Vec<i64> = nums.iter().flatten().map(|&v| key(v)).collect();
    keys.sort_unstable();
    keys.dedup();
    let inclusive = integer && width.fract() == 0.0;
    let bins = keys
        .iter()
        .map(|&k| {
            let start = k as f64 * width;
            let end = if inclusive {
                start + width - 1.0
            } else {
                start + width
            };
            Bin {
                key: k,
                start: number_text(start),
                end: number_text(end),
                x: if inclusive {
                    (start + end) / 2.0
                } else {
                    start + width / 2.0
                },
            }
        })
        .collect();
    let of_doc = nums
        .iter()
        .map(|v| v.and_then(|v| keys.binary_search(&key(v)).ok()))
        .collect();
    Binned {
        bins,
        of_doc,
        unit: if width == 1.0 && integer {
            "one bin per value".into()
        } else {
            format!("bins of width {}", number_text(width))
        },
    }
}

/// Bins of dates.
fn bin_dates(dates: &[Option<Date>], bin: TimeBin) -> Result<Binned, String> {
    let months = match bin {
        TimeBin::Month => 1,
        TimeBin::Year => 12,
        TimeBin::Decade => 120,
        TimeBin::Width(w) => {
            if w < 1.0 {
                return Err(format!(
                    "is {w}; on a date column the width is in days and must be at least 1"
                ));
            }
            return Ok(by_days(dates, w.floor() as i64));
        }
        TimeBin::Auto => {
            let mut distinct: Vec<Date> = dates.iter().flatten().copied().collect();
            distinct.sort_unstable();
            distinct.dedup();
            if distinct.len() <= MAX_AUTO_BINS {
                return Ok(per_value(dates, &distinct, Date::to_string, |d| {
                    d.decimal_year()
                }));
            }
            let (lo, hi) = (
                distinct[0].month_index(),
                distinct[distinct.len() - 1].month_index(),
            );
            let mut widths = vec![1i64, 2, 3, 6, 12, 24, 60, 120, 240, 600];
            widths.extend((3..18).map(|e| 10i64.pow(e) * 12 / 10));
            widths
                .into_iter()
                .find(|&m| hi.div_euclid(m) - lo.div_euclid(m) < MAX_AUTO_BINS as i64)
                .unwrap_or(12_000)
        }
    };
    Ok(by_months(dates, months))
}

/// Calendar bins of `months` months, aligned at multiples (years at multiples of
/// `months / 12`).
fn by_months(dates: &[Option<Date>], months: i64) -> Binned {
    let key = |d: &Date| d.month_index().div_euclid(months);
    let mut keys: Vec<i64> = dates.iter().flatten().map(key).collect();
    keys.sort_unstable();
    keys.dedup();
    let text = |m: i64| {
        let (y, mo) = (m.div_euclid(12), m.rem_euclid(12) + 1);
        if months % 12 == 0 {
            format!("{y:04}")
        } else {
            format!("{y:04}-{mo:02}")
        }
    };
    let bins = keys
        .iter()
        .map(|&k| {
            let (first, last) = (k * months, k * months + months - 1);
            Bin {
                key: k,
                start: text(first),
                end: text(last),
                x: (first + last + 1) as f64 / 2.0 / 12.0,
            }
        })
        .collect();
    let of_doc = dates
        .iter()
        .map(|d| d.as_ref().and_then(|d| keys.binary_search(&key(d)).ok()))
        .collect();
    let unit = match months {
        1 => "months".to_string(),
        12 => "years".to_string(),
        120 => "decades".to_string(),
        m if m % 12 == 0 => format!("{}-year bins", m / 12),
        m => format!("{m}-month bins"),
    };
    Binned { bins, of_doc, unit }
}

/// Bins of `days` days, counted from 0000-03-01.
fn by_days(dates: &[Option<Date>], days: i64) -> Binned {
    let key = |d: &Date| d.day_number().div_euclid(days);
    let mut keys: Vec<i64> = dates.iter().flatten().map(key).collect();
    keys.sort_unstable();
    keys.dedup();
    let bins = keys
        .iter()
        .map(|&k| {
            let (first, last) = (
                Date::from_day_number(k * days),
                Date::from_day_number(k * days + days - 1),
            );
            Bin {
                key: k,
                start: first.to_string(),
                end: last.to_string(),
                x: (first.decimal_year() + last.decimal_year()) / 2.0,
            }
        })
        .collect();
    let of_doc = dates
        .iter()
        .map(|d| d.as_ref().and_then(|d| keys.binary_search(&key(d)).ok()))
        .collect();
    Binned {
        bins,
        of_doc,
        unit: format!("{days}-day bins"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(v: &[f64]) -> Vec<Option<TimeValue>> {
        v.iter().map(|&x| Some(TimeValue::Number(x))).collect()
    }

    fn dates(v: &[&str]) -> Vec<Option<TimeValue>> {
        v.iter()
            .map(|s| Some(TimeValue::Date(Date::parse(s).unwrap())))
            .collect()
    }

    fn edges(b: &Binned) -> Vec<(String, String)> {
        b.bins
            .iter()
            .map(|b| (b.start.clone(), b.end.clone()))
            .collect()
    }

    #[test]
    fn groups_are_in_natural_order_with_missing_last() {
        let g = group_by(&[Some("b10"), None, Some("b9"), Some("a"), Some("b9")]);
        let names: Vec<&str> = g.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["a", "b9", "b10", MISSING]);
        assert_eq!(g[1].docs, [2, 4]);
        assert_eq!(g[3].docs, [1]);
    }

    #[test]
    fn auto_bins_one_per_value_up_to_fifty_then_round_widths() {
        let b = bin_times(
            &nums(&[2001.0, 1999.0, 2001.0]),
            ColumnType::Integer,
            TimeBin::Auto,
        )
        .unwrap();
        assert_eq!(
            edges(&b),
            [
                ("1999".into(), "1999".into()),
                ("2001".into(), "2001".into())
            ]
        );
        assert_eq!(b.of_doc, [Some(1), Some(0), Some(1)]);
        // 1790..=2024, 235 values: 5-year bins (47 of them)
        let years: Vec<f64> = (1790..=2024).map(f64::from).collect();
        let b = bin_times(&nums(&years), ColumnType::Integer, TimeBin::Auto).unwrap();
        assert_eq!(b.bins.len(), 47);
        assert_eq!(
            (b.bins[0].start.as_str(), b.bins[0].end.as_str()),
            ("1790", "1794")
        );
        assert_eq!(b.bins[0].x, 1792.0);
        assert_eq!(b.unit, "bins of width 5");
        // fractional values get half-open bins
        let xs: Vec<f64> = (0..120).map(|i| f64::from(i) / 100.0).collect();
        let b = bin_times(&nums(&xs), ColumnType::Number, TimeBin::Auto).unwrap();
        assert!(
            b.bins.len() <= MAX_AUTO_BINS && b.bins.len() > 20,
            "{}",
            b.bins.len()
        );
        assert_eq!(
            (b.bins[1].start.as_str(), b.bins[1].end.as_str()),
            ("0.05", "0.1")
        );
    }

    #[test]
    fn named_bins_on_numbers_and_dates() {
        let b = bin_times(
            &nums(&[1945.0, 2005.0]),
            ColumnType::Integer,
            TimeBin::Decade,
        )
        .unwrap();
        assert_eq!(
            edges(&b),
            [
                ("1940".into(), "1949".into()),
                ("2000".into(), "2009".into())
            ]
        );
        assert_eq!(b.bins.iter().map(|b| b.key).collect::<Vec<_>>(), [194, 200]);
        let e = bin_times(&nums(&[1.0]), ColumnType::Integer, TimeBin::Month).unwrap_err();
        assert!(e.starts_with("\"month\" needs a date column"), "{e}");
        let d = dates(&["2019-01-31", "2019-02-01", "2019-02-28", "2021-07"]);
        let b = bin_times(&d, ColumnType::Date, TimeBin::Month).unwrap();
        assert_eq!(
            edges(&b),
            [
                ("2019-01".into(), "2019-01".into()),
                ("2019-02".into(), "2019-02".into()),
                ("2021-07".into(), "2021-07".into())
            ]
        );
        assert_eq!(b.of_doc, [Some(0), Some(1), Some(1), Some(2)]);
        let b = bin_times(&d, ColumnType::Date, TimeBin::Decade).unwrap();
        assert_eq!(
            edges(&b),
            [
                ("2010".into(), "2019".into()),
                ("2020".into(), "2029".into())
            ]
        );
        let b = bin_times(&d, ColumnType::Date, TimeBin::Width(7.0)).unwrap();
        assert_eq!(b.bins.len(), 3);
        assert_eq!(b.of_doc[1], b.of_doc[0]);
        assert!(bin_times(&d, ColumnType::Date, TimeBin::Width(0.5)).is_err());
        // many dates: calendar widths
        let days: Vec<String> = (0..400)
            .map(|i| {
                Date::from_day_number(Date::parse("2000-01-01").unwrap().day_number() + i * 9)
                    .to_string()
            })
            .collect();
        let refs: Vec<&str> = days.iter().map(String::as_str).collect();
        let b = bin_times(&dates(&refs), ColumnType::Date, TimeBin::Auto).unwrap();
        assert_eq!(b.unit, "3-month bins");
        assert_eq!(
            (b.bins[0].start.as_str(), b.bins[0].end.as_str()),
            ("2000-01", "2000-03")
        );
    }

    #[test]
    fn time_bin_reads_numbers_and_names() {
        #[derive(Deserialize)]
        struct T {
            b: TimeBin,
        }
        let read = |s: &str| toml::from_str::<T>(&format!("b = {s}")).map(|t| t.b);
        assert_eq!(read("5").unwrap(), TimeBin::Width(5.0));
        assert_eq!(read("2.5").unwrap(), TimeBin::Width(2.5));
        assert_eq!(read("\"decade\"").unwrap(), TimeBin::Decade);
        let e = read("\"weekly\"").unwrap_err().to_string();
        assert!(e.contains("is \"weekly\"; use a bin width"), "{e}");
        let e = read("0").unwrap_err().to_string();
        assert!(e.contains("is 0; a bin width must be above 0"), "{e}");
        assert!(read("true").is_err());
    }
}
