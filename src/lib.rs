//! # paratopic
//!
//! Topic modeling of policy documents. A folder of documents is split into paragraphs,
//! tokenized and stemmed, turned into a TF-IDF matrix, clustered into topics, and each
//! topic is named by its characteristic words. Each document's topic weights are
//! written as CSV and SVG charts.
//!
//! The modules follow the pipeline, one stage each, with one entry point and the
//! config struct it is tuned by:
//!
//! | stage | entry point | config |
//! |---|---|---|
//! | [`corpus`] | [`corpus::load`], or [`corpus::stream`] batch by batch | `[input]`, `[segment]` |
//! | [`text`] | [`text::analyze`], or a [`text::TextAccumulator`] fed by the stream | `[preprocess]` |
//! | [`vectorize`] | [`vectorize::vectorize`] | `[vectorize]` |
//! | [`cluster`] | [`cluster::cluster`] | `[cluster]` |
//! | [`topics`] | [`topics::describe`], [`topics::doc_weights`] | `[topics]` |
//! | [`plot`] | [`plot::write_all`] | `output.max_documents_per_chart` |
//! | [`report`] | [`report::write`] | — |
//! | [`output`] | writers, [`output::StagedDir`] | `[output]` |
//!
//! [`pipeline::run`] runs them all, streaming the input through the corpus and text stages
//! (no paragraph text is kept; [`corpus::reread`] gives it back for the outputs);
//! [`config::Config`] reads `paratopic.toml`.
//!
//! ```
//! use paratopic::{cluster, text, topics, vectorize};
//!
//! let paragraphs = [
//!     "Police officers on the streets to tackle knife crime.",
//!     "More police and tougher action on knife crime and robbery.",
//!     "Affordable homes and council housing for Londoners.",
//!     "Build genuinely affordable housing and homes to rent.",
//! ];
//! let analyzed = text::analyze(&paragraphs, &Default::default()).unwrap();
//! let cfg = vectorize::VectorizeConfig { min_df: vectorize::DocFreq::Count(1), max_df: vectorize::DocFreq::Fraction(1.0), ..Default::default() };
//! let tfidf = vectorize::vectorize(&analyzed, &cfg).unwrap();
//! let clustering = cluster::cluster(&tfidf.matrix, &tfidf.counts(), &cluster::ClusterConfig { k: cluster::TopicCount::Fixed(2), ..Default::default() }).unwrap();
//! assert_eq!(clustering.labels[0], clustering.labels[1]);
//! assert_eq!(clustering.labels[2], clustering.labels[3]);
//! let described = topics::describe(&tfidf, &clustering.labels, &clustering.similarity, 2, &Default::default());
//! let housing = &described[clustering.labels[2].unwrap()];
//! assert!(housing.label.contains("affordable") || housing.label.contains("homes"));
//! ```

#![warn(missing_docs)]

pub mod auto;
pub mod cli;
pub mod cluster;
pub mod config;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod model;
pub mod notice;
pub mod output;
pub mod pipeline;
pub mod plot;
pub mod progress;
pub mod report;
pub mod select;
pub mod text;
pub mod topics;
pub mod tune;
pub mod vectorize;

pub use error::{Error, Result};

/// The git revision this build was made from (12 hex digits), or `""` when it was not
/// built from a git checkout.
pub const GIT_REVISION: &str = env!("PARATOPIC_GIT_REVISION");

/// `paratopic --version`: the package version, and the git revision when built from a
/// checkout (`0.1.0 (git 40b5d41e2f0a)`).
pub const VERSION: &str = {
    if GIT_REVISION.is_empty() {
        env!("CARGO_PKG_VERSION")
    } else {
        concat!(
            env!("CARGO_PKG_VERSION"),
            " (git ",
            env!("PARATOPIC_GIT_REVISION"),
            ")"
        )
    }
};
