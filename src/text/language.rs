//! Languages: the names `preprocess.language` accepts, and each document's language,
//! detected with [whatlang](https://crates.io/crates/whatlang) (trigram profiles, 69
//! languages, deterministic: the same text always gets the same answer).

use whatlang::Lang;

/// The languages paratopic has a Snowball stemmer and a stop-word list for: Snowball
/// name, ISO 639-1 code, whatlang's language.
pub const SNOWBALL: &[(&str, &str, Lang)] = &[
    ("danish", "da", Lang::Dan),
    ("dutch", "nl", Lang::Nld),
    ("english", "en", Lang::Eng),
    ("finnish", "fi", Lang::Fin),
    ("french", "fr", Lang::Fra),
    ("german", "de", Lang::Deu),
    ("hungarian", "hu", Lang::Hun),
    ("italian", "it", Lang::Ita),
    ("norwegian", "no", Lang::Nob),
    ("portuguese", "pt", Lang::Por),
    ("romanian", "ro", Lang::Ron),
    ("russian", "ru", Lang::Rus),
    ("spanish", "es", Lang::Spa),
    ("swedish", "sv", Lang::Swe),
    ("tamil", "ta", Lang::Tam),
    ("turkish", "tr", Lang::Tur),
];

/// `preprocess.language = "auto"`: detect each document's language.
pub const AUTO: &str = "auto";

/// The Snowball name for a `preprocess.language`, `stemmer` or `stopwords` value: a
/// Snowball name or an ISO 639-1 code (`nb` too, for Norwegian Bokmål), any case, or
/// `"none"`. `None` for anything else.
///
/// ```
/// use paratopic::text::snowball_name;
/// assert_eq!(snowball_name("DE"), Some("german"));
/// assert_eq!(snowball_name("German"), Some("german"));
/// assert_eq!(snowball_name("none"), Some("none"));
/// assert_eq!(snowball_name("klingon"), None);
/// ```
pub fn snowball_name(value: &str) -> Option<&'static str> {
    let v = value.trim().to_lowercase();
    if v == "none" {
        return Some("none");
    }
    if v == "nb" {
        return Some("norwegian");
    }
    SNOWBALL
        .iter()
        .find(|(name, iso, _)| *name == v || *iso == v)
        .map(|(name, _, _)| *name)
}

/// The ISO 639-1 code of a Snowball language name (`"german"` → `"de"`).
pub fn iso_code(name: &str) -> Option<&'static str> {
    SNOWBALL
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, iso, _)| *iso)
}

/// The accepted values, for error messages: every Snowball name with its code.
pub fn allowed_values() -> String {
    let names: Vec<String> = SNOWBALL
        .iter()
        .map(|(name, iso, _)| format!("{name} ({iso})"))
        .collect();
    names.join(", ")
}

/// A detected language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    /// Lower-case English name: the Snowball name where there is one (`"german"`,
    /// `"norwegian"`), else whatlang's (`"greek"`, `"mandarin"`).
    pub name: &'static str,
    /// The Snowball name, if paratopic has a stemmer for the language.
    pub snowball: Option<&'static str>,
}

/// Bytes of a document's text the detector reads: its beginning, enough for a
/// confident answer on prose, and a bounded cost on long documents.
pub const SAMPLE_BYTES: usize = 4096;

/// The language of `text` (up to [`SAMPLE_BYTES`] of it are read); `None` when it has no
/// letters to tell from.
///
/// ```
/// use paratopic::text::detect;
/// let d = detect("Wir werden mehr Sozialwohnungen bauen und die Mieten begrenzen.").unwrap();
/// assert_eq!((d.name, d.snowball), ("german", Some("german")));
/// ```
pub fn detect(text: &str) -> Option<Detected> {
    let lang = whatlang::detect_lang(prefix(text, SAMPLE_BYTES))?;
    Some(match SNOWBALL.iter().find(|(_, _, l)| *l == lang) {
        Some((name, _, _)) => Detected {
            name,
            snowball: Some(name),
        },
        None => Detected {
            name: lower_name(lang),
            snowball: None,
        },
    })
}

/// The language of a document given as its units' texts: the units are read in order
/// until `max_bytes` (at most [`SAMPLE_BYTES`]) are taken.
pub fn detect_units(units: &[&str], max_bytes: usize) -> Option<Detected> {
    let max = max_bytes.min(SAMPLE_BYTES);
    match units {
        [one] => detect(prefix(one, max)),
        _ => {
            let mut sample = String::new();
            for u in units {
                if sample.len() >= max {
                    break;
                }
                sample.push_str(prefix(u, max - sample.len()));
                sample.push('\n');
            }
            detect(&sample)
        }
    }
}

/// At most `max` bytes of the start of `text`, cut on a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// whatlang's English name of `lang`, lower-cased and without accents, as a static
/// string (`"greek"`).
fn lower_name(lang: Lang) -> &'static str {
    static NAMES: std::sync::OnceLock<Vec<(Lang, String)>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        Lang::all()
            .iter()
            .map(|&l| (l, l.eng_name().to_lowercase()))
            .collect()
    });
    names
        .iter()
        .find(|(l, _)| *l == lang)
        .map_or("unknown", |(_, n)| n.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_in_any_case_resolve() {
        for (name, iso, _) in SNOWBALL {
            assert_eq!(snowball_name(name), Some(*name));
            assert_eq!(snowball_name(&iso.to_uppercase()), Some(*name));
            assert_eq!(snowball_name(&name.to_uppercase()), Some(*name));
            assert_eq!(iso_code(name), Some(*iso));
        }
        assert_eq!(snowball_name("nb"), Some("norwegian"));
        assert_eq!(snowball_name("auto"), None);
        assert_eq!(snowball_name("el"), None);
    }

    #[test]
    fn a_language_without_a_stemmer_is_named() {
        let d = detect(
            "Η κυβέρνηση θα χτίσει περισσότερες κατοικίες και θα μειώσει τα ενοίκια στις πόλεις.",
        )
        .unwrap();
        assert_eq!((d.name, d.snowball), ("greek", None));
        assert_eq!(detect("2016 -- 42"), None);
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary() {
        let text = "é".repeat(SAMPLE_BYTES);
        assert_eq!(prefix(&text, 5), "éé");
        assert_eq!(prefix("abc", 5), "abc");
    }
}
