//! `sourcer gen`: synthetic profiles as JSON Lines on stdout.

use std::io::Write;

use anyhow::Context;

use crate::cli::GenArgs;

pub fn run(args: GenArgs) -> anyhow::Result<()> {
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout);
    match sourcer_gen::write_jsonl(args.seed, args.count, &mut out) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        other => other.context("while writing profiles")?,
    }
    match out.flush() {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("while writing profiles"),
    }
}
