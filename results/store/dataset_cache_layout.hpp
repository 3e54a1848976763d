#pragma once
// Internal: per-stage readers of the dataset cache file (results/store/dataset_cache.hpp documents
// the layout). Shared by the layout code and load_or_prepare.
#include <string>

#include "core/data/dataset.hpp"
#include "results/store/h5.hpp"

namespace logsweep::cache_layout {

// Opens an existing cache file after checking its format marker.
h5::File open_cache(const std::string& file);
// Stage key stored in group `stage` of the root ("" when the stage is absent).
std::string stored_key(const h5::Group& root, const std::string& stage);

ParsedLog read_parse(const h5::Group& root);
Matrix read_embed(const h5::Group& root, std::size_t templates);
WindowSet read_windows(const h5::Group& root, std::size_t lines, std::size_t templates);

}  // namespace logsweep::cache_layout
