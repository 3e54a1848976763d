#pragma once
// What the labelling-session and detect tests share: a small LogAction config on the generated
// corpus, and a person who answers a round file from the ground truth.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "runner/runner_support.hpp"
#include "runner/service/label_session.hpp"

namespace logsweep::testing {

// Small LogAction jobs with two rounds and the encoder refit after each.
inline std::string session_config(const Corpus& c) {
  const std::string p = "{epochs: 3, encoder_epochs: 1, encoder_refit_epochs: 1, encoder_hidden: 8, hidden: 8, fc: 8, "
                        "round_epochs: '1,2', batch_size: 64, max_len: 10}";
  return c.dir().write("label.yaml", "name: label\noutput: out/label.h5\ncache_dir: out/cache\n"
                                     "embedder: {kind: hashed, dim: 16}\n"
                                     "datasets:\n"
                                     "  - {name: synthA, format: bgl, path: data/synthA.log}\n"
                                     "  - {name: synthB, format: thunderbird, path: data/synthB.log}\n"
                                     "pairs: [[synthB, synthA]]\nmethods: [LogAction, LogAction_wa]\n"
                                     "budgets: [0, 0.02]\nseeds: [0, 1]\n"
                                     "method_params: {LogAction: " + p + ", LogAction_wa: " + p + "}\n");
}

// Writes each row's label from `labels` (window id -> label); other rows keep theirs.
inline void fill(const std::string& path, const std::vector<std::int8_t>& truth, const std::string& bad_row_label = "") {
  std::ifstream in(path);
  std::ostringstream out;
  bool header = false, first = true;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#' || !header) {
      header = header || (!line.empty() && line[0] != '#');
      out << line << "\n";
      continue;
    }
    const auto id = std::stoll(line.substr(0, line.find('\t')));
    const std::string label = first && !bad_row_label.empty() ? bad_row_label : std::to_string(truth[id]);
    first = false;
    out << line.substr(0, line.rfind('\t') + 1) << label << "\n";
  }
  std::ofstream(path, std::ios::trunc) << out.str();
}

// A whole session answered from `truth` (target window id -> label): start, every round, finish.
inline MethodResult session_from_truth(const LabelStartOptions& o, const std::vector<std::int8_t>& truth) {
  auto step = label_start(o);
  while (!step.over) {
    fill(step.round_file, truth);
    step = label_next(o.dir);
  }
  return label_finish(o.dir);
}

}  // namespace logsweep::testing
