//! Integration tests of sourcer-match: scoring behaviour, determinism, fairness, the
//! labelled dev set, and the LLM provider against a fake OpenAI-compatible server.

mod determinism;
mod dev_set;
mod fairness;
mod llm;
mod scoring;
mod support;
