//! `cluster.k`: a number of topics, or `"auto"`.

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How many topics to find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicCount {
    /// Exactly this many.
    Fixed(usize),
    /// Chosen from `cluster.k_range` by the k-selection criterion.
    Auto,
}

impl Serialize for TopicCount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            TopicCount::Fixed(k) => s.serialize_u64(*k as u64),
            TopicCount::Auto => s.serialize_str("auto"),
        }
    }
}

impl<'de> Deserialize<'de> for TopicCount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = TopicCount;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number of topics (e.g. 8) or \"auto\"")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<TopicCount, E> {
                Ok(TopicCount::Fixed(v as usize))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<TopicCount, E> {
                if v < 0 {
                    Err(E::custom(format!(
                        "is {v}; use a number of topics between 1 and 1000, or \"auto\""
                    )))
                } else {
                    Ok(TopicCount::Fixed(v as usize))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TopicCount, E> {
                if v == "auto" {
                    Ok(TopicCount::Auto)
                } else {
                    Err(E::custom(format!(
                        "is \"{v}\"; use a number of topics (e.g. 8) or \"auto\""
                    )))
                }
            }
        }
        d.deserialize_any(V)
    }
}
