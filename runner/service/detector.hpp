#pragma once
// A trained detector on disk (written by `logsweep label finish`, read by `logsweep detect`):
//   manifest.txt   what it is (runner/service/key_file.hpp; format "logsweep-detector 1"): the
//                  logsweep version, the config and its digest, the job, the labels used, the
//                  training summary, the log format and label rule, the window spec and the
//                  embedder reference (kind, file, width and identity); written last, so a
//                  directory without it is no detector
//   networks.pt    the trained networks (LogActionScorer)
//   drain.txt      the Drain state after the target's training log (Drain::save_file)
//   templates.txt  event id -> template, one a line, as the networks were trained on them
//   embeddings.pt  event id -> embedding row (a torch tensor [templates, width])
// A detector loads in any build of the same logsweep version; another version is a clear
// InputError (the manifest's `logsweep` line), as is a changed embedder file.
#include <memory>
#include <unordered_map>
#include <string>
#include <vector>

#include "core/data/dataset.hpp"
#include "experiments/logaction/logaction_loop.hpp"

namespace logsweep {

struct DetectorManifest {
  std::string version = LOGSWEEP_VERSION;
  std::string config, config_digest, job, method, source, target;
  double budget = 0;
  std::uint64_t seed = 0;
  std::int64_t labels = 0;            // windows a person (or the ground truth) labelled
  std::vector<std::string> summary;   // training summary, one line per round and the test line
  ReaderSpec reader;                  // format, line format, label rule (path: the training log)
  WindowSpec window;
  EmbedSpec embedder;
  std::string embedder_identity;      // Embedder::identity() when trained
};

// Writes drain.txt, templates.txt, embeddings.pt and then manifest.txt into `dir` (networks.pt
// is the loop's, LogActionLoop::save_networks). StorageError when a file cannot be written.
void write_detector(const std::string& dir, const DetectorManifest& m, const Drain& drain,
                    const std::vector<std::string>& templates, const Matrix& embeddings);

// A loaded detector: everything `detect` needs to turn new lines into scored windows.
class Detector {
 public:
  // InputError naming the file for a directory without a manifest, another logsweep version or
  // detector format, a missing or damaged file, a template count that differs between files, an
  // embedder whose identity changed, or networks of another width than the embeddings.
  static Detector open(const std::string& dir);

  const DetectorManifest& manifest() const { return manifest_; }
  // The event of one message: the Drain cluster whose template covers it (Drain::match), else
  // the Drain learns it (Drain::add); a new cluster gets its embedding at first sight.
  std::int32_t event_of(std::string_view content);
  std::size_t known_templates() const { return known_; }  // at training
  std::size_t templates() const { return data_.templates.size(); }
  // p(anomaly) of each window (an event sequence), scored as the job scored its test part. A
  // window's score depends on its events only (the networks and every embedding row are fixed
  // once seen), so the scores of up to `remember` distinct sequences are kept and a repeated
  // sequence is not scored again (the batch path scores each distinct sequence once too);
  // 0 keeps none. When full, the memory is emptied and fills again.
  std::vector<double> score(const std::vector<std::vector<std::int32_t>>& windows, std::size_t remember = 0);

 private:
  Detector() = default;
  void embed_new(std::int32_t id);

  DetectorManifest manifest_;
  std::unique_ptr<Drain> drain_;
  std::vector<std::string> trained_templates_;  // the IDF corpus new templates are embedded with
  std::size_t known_ = 0;
  PreparedDataset data_;  // templates and embeddings (growing), the windows being scored
  std::unordered_map<std::string, double> remembered_;  // event sequence (its bytes) -> score
  std::unique_ptr<Embedder> embedder_;
  std::unique_ptr<LogActionScorer> scorer_;
};

}  // namespace logsweep
