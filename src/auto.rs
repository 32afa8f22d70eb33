//! Settings that take a number or `"auto"`, where `"auto"` lets the stage choose from
//! the corpus (`vectorize.ngram_max`, `cluster.refine_sweeps`).

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Paragraph units up to which the `"auto"` settings treat a corpus as small: its
/// words are too few for single stems alone to tell topics apart reliably, and the
/// extra work (bigrams, a refinement sweep) is cheap. Above it, they turn the extras
/// off, which keeps large runs fast and their memory bounded. It equals the default
/// `cluster.sample_size`, so a small corpus is also one whose every unit is clustered.
pub const SMALL_CORPUS_UNITS: usize = 10_000;

/// A count given in the config, or `"auto"`.
///
/// ```
/// use paratopic::auto::OrAuto;
/// let n: OrAuto = toml::from_str::<toml::Table>("n = \"auto\"").unwrap()["n"].clone().try_into().unwrap();
/// assert_eq!(n, OrAuto::Auto);
/// assert_eq!(n.resolve(500, 2, 1), 2);
/// assert_eq!(n.resolve(50_000, 2, 1), 1);
/// assert_eq!(OrAuto::Fixed(1).resolve(500, 2, 1), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrAuto {
    /// Exactly this value.
    Fixed(usize),
    /// Chosen from the corpus size ([`resolve`](Self::resolve)).
    Auto,
}

impl OrAuto {
    /// The value for a corpus of `n_units` paragraph units: the fixed value, or with
    /// `"auto"`, `small` up to [`SMALL_CORPUS_UNITS`] units and `large` above.
    pub fn resolve(self, n_units: usize, small: usize, large: usize) -> usize {
        match self {
            OrAuto::Fixed(v) => v,
            OrAuto::Auto if n_units <= SMALL_CORPUS_UNITS => small,
            OrAuto::Auto => large,
        }
    }
}

impl Serialize for OrAuto {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            OrAuto::Fixed(v) => s.serialize_u64(*v as u64),
            OrAuto::Auto => s.serialize_str("auto"),
        }
    }
}

impl<'de> Deserialize<'de> for OrAuto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = OrAuto;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number or \"auto\"")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OrAuto, E> {
                Ok(OrAuto::Fixed(usize::try_from(v).unwrap_or(usize::MAX)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<OrAuto, E> {
                usize::try_from(v).map(OrAuto::Fixed).map_err(|_| {
                    E::custom(format!(
                        "is {v}; use a whole number of 0 or more, or \"auto\""
                    ))
                })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OrAuto, E> {
                if v == "auto" {
                    Ok(OrAuto::Auto)
                } else {
                    Err(E::custom(format!(
                        "is \"{v}\"; use a whole number or \"auto\""
                    )))
                }
            }
        }
        d.deserialize_any(V)
    }
}
