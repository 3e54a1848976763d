#pragma once
// Statistics that say how much a log looks like a real one, over event-id sequences (Drain ids)
// and line labels. One implementation for the real samples (bench/corpus_stats) and for the
// generated corpus (tests/synth), so the spec in docs/synthetic.md compares like with like.
//
// Conventions: `events[i]` is line i's event id, `labels[i]` != 0 marks an anomalous line; the two
// have the same length (std::invalid_argument otherwise). Ratios over an empty set are 0.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace logsweep::corpus_stats {

using Events = std::vector<std::int32_t>;
using Labels = std::vector<std::int8_t>;

// Mean number of distinct event ids per consecutive chunk of `chunk` lines (full chunks only; the
// whole sequence when it is shorter than one chunk).
double templates_per_chunk(const Events& events, std::size_t chunk);

// Share of lines covered by the k most frequent event ids.
double top_k_share(const Events& events, std::size_t k);

// Distinct / total over the fixed windows (size, step) that hold no anomalous line: how often a
// normal window repeats exactly. Anomalies are left out because the real samples hold almost none.
double unique_normal_window_ratio(const Events& events, const Labels& labels, std::size_t size, std::size_t step);

// Distinct / total over whole sequences (HDFS sessions).
double unique_sequence_ratio(const std::vector<Events>& sequences);

// Fraction of fixed windows (size, step) holding at least one anomalous line (LogAction Table I).
double anomalous_window_fraction(const Labels& labels, std::size_t size, std::size_t step);

// Maximal runs of anomalous lines, where up to `max_gap` normal lines inside a run do not end it.
struct Bursts {
  std::size_t count = 0;
  double mean_length = 0;     // anomalous lines per run
  std::size_t max_length = 0;
};
Bursts anomaly_bursts(const Labels& labels, std::size_t max_gap);

// How predictable the next event is from the previous `history` ones: counts of (history -> next)
// are taken on `train`, then every position of every `test` sequence is checked (DeepLog-style:
// sequences are left-padded with a start symbol so the first events are checked too). top1: the
// most frequent continuation is right; topg: the true one is among the g most frequent. An unseen
// history counts as a miss. Ties rank the smaller event id first (deterministic).
struct NextEvent {
  double top1 = 0;
  double topg = 0;
  std::size_t checked = 0;
};
NextEvent next_event_accuracy(const std::vector<Events>& train, const std::vector<Events>& test, std::size_t history,
                              std::size_t g);

// The normal lines of a stream in order (anomalous lines dropped), split at `train_ratio` of them:
// the train/test pair next_event_accuracy takes for a line stream.
std::pair<std::vector<Events>, std::vector<Events>> normal_stream_split(const Events& events, const Labels& labels,
                                                                        double train_ratio);

// Everything above for one line stream, as the bench and the test report it. The template
// counts and shares are over the normal lines (the real samples hold few or no anomalies; the
// anomaly statistics are the last four fields).
struct StreamStats {
  std::size_t lines = 0;
  std::size_t templates = 0;          // distinct ids of normal lines in the whole stream
  double templates_per_2k = 0;        // templates_per_chunk of the normal lines, 2,000 and 10,000
  double templates_per_10k = 0;
  double top1_share = 0, top5_share = 0, top10_share = 0;  // of the normal lines
  double unique_window_ratio = 0;     // 20-line windows, step 1, normal windows only
  NextEvent next_event;               // history 3, g 5, normal lines, 70/30 in order
  double anomalous_line_fraction = 0;
  double anomalous_window_fraction = 0;  // 20-line windows, step 1
  Bursts bursts;                      // consecutive anomalous lines (max_gap 0)
};
StreamStats stream_stats(const Events& events, const Labels& labels);

// stream_stats of each consecutive `chunk`-line piece (full pieces only; the whole stream when
// shorter), averaged field by field (counts: rounded means): a generated system measured at its
// real sample's length, with less seed-to-seed noise than one piece alone.
StreamStats mean_over_chunks(const Events& events, const Labels& labels, std::size_t chunk);

}  // namespace logsweep::corpus_stats
