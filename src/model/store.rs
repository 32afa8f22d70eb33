//! `model/` on disk (contracts §10): `model.json` plus `.npy` arrays numpy loads
//! directly (`numpy.load("model/centroids.npy")`).
//!
//! | file | dtype | shape |
//! |---|---|---|
//! | `idf.npy` | float64 | terms |
//! | `lsa_factor.npy` | float32 | basis terms × l (`V = F M`) |
//! | `lsa_mix.npy` | float64 | l × dims |
//! | `lsa_columns.npy` | uint32 | basis terms (the column of each basis row) |
//! | `centroids.npy` | float64 | k × dims |
//! | `rule_log_prior.npy` | float64 | k (multinomial rule only) |
//! | `rule_log_prob.npy` | float64 | k × terms (multinomial rule only) |

use super::{ModelSettings, Provenance, TopicDescription, TopicModel};
use crate::cluster::{Basis, Multinomial, Rule, RuleKind};
use crate::error::{Error, Result};
use crate::vectorize::{Term, Vocabulary};
use ndarray::{Array1, Array2, Dimension};
use ndarray_npy::{ReadNpyExt, ReadableElement, WritableElement, WriteNpyExt};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The model's format version: bumped by any change to what is needed to place a
/// paragraph; a model of a newer format is refused.
pub const FORMAT_VERSION: u32 = 1;

/// The model folder's name inside an output folder.
pub const MODEL_DIR: &str = "model";

/// `model.json`.
#[derive(Serialize, Deserialize)]
struct ModelJson {
    format: u32,
    provenance: Provenance,
    settings: ModelSettings,
    rule: RuleKind,
    k: usize,
    dims: usize,
    sublinear_tf: bool,
    ngram_max: usize,
    /// Training units the idf was counted on.
    n_units: usize,
    terms: Vec<Term>,
    topics: Vec<TopicDescription>,
    /// Merged groups of topic ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    merge: Vec<Vec<usize>>,
}

impl TopicModel {
    /// Writes the model into the folder `dir` (created if missing): `model.json` and the
    /// arrays listed in the module docs of `model::store`.
    ///
    /// # Errors
    /// [`Error::Io`] naming the file that could not be written.
    pub fn save(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
        let json = ModelJson {
            format: FORMAT_VERSION,
            provenance: self.provenance.clone(),
            settings: self.settings.clone(),
            rule: self.rule.kind(),
            k: self.k(),
            dims: self.basis.dims(),
            sublinear_tf: self.vocabulary.sublinear_tf,
            ngram_max: self.vocabulary.ngram_max,
            n_units: self.vocabulary.n_units,
            terms: self.vocabulary.terms.clone(),
            topics: self.topics.clone(),
            merge: self.merge.clone(),
        };
        let path = dir.join("model.json");
        let mut text = serde_json::to_string_pretty(&json)
            .map_err(|e| Error::write(&path, std::io::Error::other(e)))?;
        text.push('\n');
        std::fs::write(&path, text).map_err(|e| Error::write(&path, e))?;
        write(dir, "idf.npy", &Array1::from(self.vocabulary.idf.clone()))?;
        write(dir, "lsa_factor.npy", self.basis.factor())?;
        write(dir, "lsa_mix.npy", self.basis.mix())?;
        write(
            dir,
            "lsa_columns.npy",
            &Array1::from(self.basis_columns.clone()),
        )?;
        write(dir, "centroids.npy", &self.centroids)?;
        if let Rule::Multinomial(m) = &self.rule {
            write(
                dir,
                "rule_log_prior.npy",
                &Array1::from(m.log_prior.clone()),
            )?;
            write(dir, "rule_log_prob.npy", &m.log_prob)?;
        }
        Ok(())
    }

    /// Reads a model written by [`save`](Self::save) from `dir`, or from `dir/model`
    /// when `dir` is an output folder.
    ///
    /// # Errors
    /// [`Error::Data`] (exit 1) naming the file, for a missing folder or file, a model
    /// of another format version, malformed JSON, or an array of the wrong dtype or
    /// shape (truncated, foreign, inconsistent with `model.json`).
    pub fn load(dir: &Path) -> Result<TopicModel> {
        let dir = model_dir(dir)?;
        let json = read_json(&dir.join("model.json"))?;
        let (k, dims, terms) = (json.k, json.dims, json.terms.len());
        let idf: Array1<f64> = read(&dir, "idf.npy", |s| s == [terms])?;
        let mix: Array2<f64> = read(&dir, "lsa_mix.npy", |s| s[1] == dims)?;
        let l = mix.nrows();
        let factor: Array2<f32> = read(&dir, "lsa_factor.npy", |s| s[1] == l)?;
        let basis_terms = factor.nrows();
        let columns: Array1<u32> = read(&dir, "lsa_columns.npy", |s| s == [basis_terms])?;
        if let Some(&bad) = columns.iter().find(|&&j| j as usize >= terms) {
            return Err(broken(
                &dir.join("lsa_columns.npy"),
                &format!("holds column {bad} but the model has {terms} terms"),
            ));
        }
        let centroids: Array2<f64> = read(&dir, "centroids.npy", |s| s == [k, dims])?;
        let rule = match json.rule {
            RuleKind::Centroid => Rule::Centroid,
            RuleKind::Multinomial => Rule::Multinomial(Multinomial {
                log_prior: read::<f64, ndarray::Ix1>(&dir, "rule_log_prior.npy", |s| s == [k])?
                    .to_vec(),
                log_prob: read(&dir, "rule_log_prob.npy", |s| s == [k, terms])?,
            }),
        };
        if json.topics.len() != k {
            return Err(broken(
                &dir.join("model.json"),
                &format!("lists {} topics but k is {k}", json.topics.len()),
            ));
        }
        let basis = Basis::from_parts(factor, mix).expect("shapes checked above");
        Ok(TopicModel {
            settings: json.settings,
            vocabulary: Vocabulary {
                terms: json.terms,
                idf: idf.to_vec(),
                sublinear_tf: json.sublinear_tf,
                ngram_max: json.ngram_max,
                n_units: json.n_units,
            },
            basis,
            basis_columns: columns.to_vec(),
            centroids,
            rule,
            topics: json.topics,
            merge: json.merge,
            provenance: json.provenance,
        })
    }
}

/// `dir` itself when it holds `model.json`, else `dir/model` when that does.
fn model_dir(dir: &Path) -> Result<PathBuf> {
    if dir.join("model.json").is_file() {
        return Ok(dir.to_path_buf());
    }
    let inner = dir.join(MODEL_DIR);
    if inner.join("model.json").is_file() {
        return Ok(inner);
    }
    Err(Error::Data(format!(
        "{}: no model here (no model.json in it or in its model/ folder); pass the model/ folder a `paratopic run` wrote, or the output folder that holds it",
        dir.display()
    )))
}

fn broken(path: &Path, what: &str) -> Error {
    Error::Data(format!(
        "{}: {what}; this model folder is damaged or was not written by paratopic — run `paratopic run` again to write a fresh model",
        path.display()
    ))
}

fn read_json(path: &Path) -> Result<ModelJson> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| broken(path, &format!("cannot be read ({e})")))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| broken(path, &format!("is not valid JSON ({e})")))?;
    match value.get("format").and_then(|f| f.as_u64()) {
        Some(f) if f == u64::from(FORMAT_VERSION) => {}
        Some(f) => {
            return Err(Error::Data(format!(
                "{}: model format {f}, but this paratopic {} reads format {FORMAT_VERSION}; {}",
                path.display(),
                env!("CARGO_PKG_VERSION"),
                if f > u64::from(FORMAT_VERSION) {
                    "install the paratopic version that wrote it (see provenance.paratopic in model.json) or a newer one"
                } else {
                    "fit the model again with this version (`paratopic run`)"
                }
            )))
        }
        None => return Err(broken(path, "has no \"format\" number")),
    }
    serde_json::from_value(value)
        .map_err(|e| broken(path, &format!("does not describe a model ({e})")))
}

fn write<A: WritableElement, D: Dimension>(
    dir: &Path,
    name: &str,
    array: &ndarray::Array<A, D>,
) -> Result<()> {
    let path = dir.join(name);
    let file = std::fs::File::create(&path).map_err(|e| Error::write(&path, e))?;
    array
        .write_npy(std::io::BufWriter::new(file))
        .map_err(|e| Error::write(&path, std::io::Error::other(e.to_string())))
}

/// Reads one array; `shape_ok` checks its shape against `model.json`.
fn read<A: ReadableElement, D: Dimension>(
    dir: &Path,
    name: &str,
    shape_ok: impl Fn(&[usize]) -> bool,
) -> Result<ndarray::Array<A, D>> {
    let path = dir.join(name);
    let file =
        std::fs::File::open(&path).map_err(|e| broken(&path, &format!("cannot be read ({e})")))?;
    let array = ndarray::Array::<A, D>::read_npy(std::io::BufReader::new(file))
        .map_err(|e| broken(&path, &format!("is not the expected array ({e})")))?;
    if !shape_ok(array.shape()) {
        return Err(broken(
            &path,
            &format!(
                "has shape {:?}, which does not match model.json",
                array.shape()
            ),
        ));
    }
    Ok(array)
}
