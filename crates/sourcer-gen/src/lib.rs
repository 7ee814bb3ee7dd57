//! Deterministic synthetic profiles in the import format (docs/profile-format.md), for the
//! demo, tests and benchmarks (`sourcer gen --count N --seed S`).
//!
//! Profile `i` of seed `s` depends only on `(s, i)`: it is drawn from a ChaCha8 stream keyed
//! by both, so `--count 10` is a prefix of `--count 100` and generation parallelises. Dates
//! are relative to a fixed reference month, [`REFERENCE_YEAR`]-[`REFERENCE_MONTH`] (2026-11),
//! never to the clock, so a file is the same whenever it is generated.
//!
//! People live in 47 countries (weighted towards India, the US, the UK and Germany), in
//! gazetteer cities with real coordinates; work in nine role families (engineering, data,
//! design, product, sales, finance, marketing, operations, HR) at companies of a fixed
//! catalog with consistent firmographics; and have careers whose dates, levels and titles
//! agree. See `career.rs`, `companies.rs`, `education.rs` and `text.rs` for the rules and
//! rates, and `data/` for the tables. Depends on sourcer-core and sourcer-geo; its tests also
//! cross-check skills, titles and red-flag rates against sourcer-taxonomy.
//!
//! Throughput: one core writes about 47,000 profiles a second (1M in about 21 s, 3.7 KB a
//! line on average; `examples/gen_jsonl.rs` measures it).
//!
//! Contacts are fictional by construction: e-mail addresses use the reserved `example.*`
//! domains, and US, Canadian, British and Australian phone numbers fall in ranges reserved
//! for fiction (other countries' numbers are random digits in the national format).

mod career;
mod companies;
mod education;
mod person;
mod tables;
mod text;

#[cfg(test)]
mod tests;

use std::io::{self, BufWriter, Write};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use sourcer_core::{MonthStamp, Profile};

/// Year of the reference month every generated date is relative to.
pub const REFERENCE_YEAR: i32 = 2026;
/// Month (1-12) of the reference month every generated date is relative to.
pub const REFERENCE_MONTH: u8 = 11;

/// The reference month (2026-11): current jobs run to it, companies' last rounds precede it.
pub fn as_of() -> MonthStamp {
    MonthStamp::new(REFERENCE_YEAR, REFERENCE_MONTH)
}

/// Profile number `index` of the file generated with `seed`.
pub fn profile(seed: u64, index: u64) -> Profile {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&index.to_le_bytes());
    key[16..].copy_from_slice(b"sourcer-gen/v1/p");
    let mut rng = ChaCha8Rng::from_seed(key);
    person::person(&mut rng, handle(seed, index))
}

/// Profiles `0..count` of `seed`, in order.
pub fn generate(seed: u64, count: u64) -> impl Iterator<Item = Profile> {
    (0..count).map(move |index| profile(seed, index))
}

/// Writes profiles `0..count` of `seed` as JSON Lines.
pub fn write_jsonl(seed: u64, count: u64, out: impl Write) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, out);
    for profile in generate(seed, count) {
        serde_json::to_writer(&mut out, &profile)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// The 40-bit number that ends profile `index`'s LinkedIn handle. Multiplying by an odd
/// constant and xor-ing a per-seed mask are both bijections on 40-bit numbers, so handles
/// (and therefore the default ids) never repeat within a file of up to 2^40 profiles.
fn handle(seed: u64, index: u64) -> u64 {
    const MASK: u64 = (1 << 40) - 1;
    let mixed = index.wrapping_mul(0x9E37_79B9_7F4A_7C15) & MASK;
    mixed ^ (seed.wrapping_mul(0xD1B5_4A32_D192_ED03).rotate_left(17) & MASK)
}
