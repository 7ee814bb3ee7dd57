//! Ranking metrics over graded labels (0 = no fit ... 3 = excellent).
//!
//! - NDCG@k: gain `2^label - 1`, discount `log2(rank + 1)` (rank from 1), normalised by the
//!   DCG of the ideal order of every judged profile for the job.
//! - P@k: relevant results (label >= [`RELEVANT`]) in the first k, divided by k (a short
//!   list is not rewarded).
//! - Recall@k: relevant results in the first k over all relevant judged profiles.
//!
//! Unjudged results count as label 0.

/// Lowest label that counts as relevant.
pub const RELEVANT: u8 = 2;

fn gain(label: u8) -> f64 {
    f64::from((1u32 << label.min(10)) - 1)
}

/// Discounted cumulative gain of the first `k` labels, in ranked order.
pub fn dcg_at(ranked: &[u8], k: usize) -> f64 {
    ranked
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, &l)| gain(l) / ((i + 2) as f64).log2())
        .sum()
}

/// NDCG@k of a ranking (`ranked` labels in result order) against every judged label for
/// the job; `None` when no judged profile has a positive label.
pub fn ndcg_at(ranked: &[u8], judged: &[u8], k: usize) -> Option<f64> {
    let mut ideal = judged.to_vec();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let best = dcg_at(&ideal, k);
    (best > 0.0).then(|| dcg_at(ranked, k) / best)
}

/// Share of the first `k` positions holding a relevant result.
pub fn precision_at(ranked: &[u8], k: usize) -> f64 {
    if k == 0 {
        return 0.0;
    }
    let hits = ranked.iter().take(k).filter(|&&l| l >= RELEVANT).count();
    hits as f64 / k as f64
}

/// Share of the relevant judged profiles found in the first `k`; `None` when there are none.
pub fn recall_at(ranked: &[u8], relevant_total: usize, k: usize) -> Option<f64> {
    if relevant_total == 0 {
        return None;
    }
    let hits = ranked.iter().take(k).filter(|&&l| l >= RELEVANT).count();
    Some(hits as f64 / relevant_total as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ideal_order_has_ndcg_one_and_a_reversed_one_less() {
        let judged = [3, 2, 0, 1];
        assert!((ndcg_at(&[3, 2, 1, 0], &judged, 10).unwrap() - 1.0).abs() < 1e-12);
        let reversed = ndcg_at(&[0, 1, 2, 3], &judged, 10).unwrap();
        assert!(reversed < 1.0 && reversed > 0.0);
    }

    #[test]
    fn ndcg_uses_exponential_gain_and_log_discount() {
        // DCG of [3, 0, 1] = 7/log2(2) + 0 + 1/log2(4) = 7.5; ideal [3, 1, 0] = 7 + 1/log2(3).
        let expected = 7.5 / (7.0 + 1.0 / 3f64.log2());
        assert!((ndcg_at(&[3, 0, 1], &[3, 1, 0], 10).unwrap() - expected).abs() < 1e-12);
        assert_eq!(ndcg_at(&[0, 0], &[0, 0], 10), None);
    }

    #[test]
    fn precision_and_recall_count_labels_of_two_or_more() {
        let ranked = [3, 1, 2, 0];
        assert_eq!(precision_at(&ranked, 2), 0.5);
        assert_eq!(precision_at(&ranked, 10), 0.2);
        assert_eq!(recall_at(&ranked, 4, 3), Some(0.5));
        assert_eq!(recall_at(&ranked, 0, 3), None);
    }
}
