#include "core/logs/line_source.hpp"

#include <algorithm>
#include <chrono>
#include <thread>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "core/util/errors.hpp"

namespace logsweep::detail {

namespace {
constexpr std::size_t kBufferSize = 256 * 1024;
}

LineSource::LineSource(const std::string& path, std::string what, ReaderSpec::Follow follow)
    : follow_(std::move(follow)), path_(path), what_(std::move(what)), buf_(kBufferSize) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw InputError(what_ + " '" + path + "' is a directory", Location::in_file(path));
  }
  errno = 0;
  in_.open(path, std::ios::binary);
  if (!in_) {
    std::string why = errno ? std::strerror(errno) : "cannot open";
    throw InputError("cannot open " + what_ + " '" + path + "': " + why, Location::in_file(path));
  }
}

void LineSource::refill() {
  pos_ = 0;
  end_ = 0;
  if (eof_) return;
  read_buffer();
  if (end_ == 0 && !(follow_.waiting && wait_for_more())) eof_ = true;
}

void LineSource::read_buffer() {
  in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  end_ = static_cast<std::size_t>(in_.gcount());
  if (in_.bad()) throw InputError("read error in " + what_ + " '" + path_ + "'", Location::in_file(path_));
}

bool LineSource::wait_for_more() {
  const auto since = std::chrono::steady_clock::now();
  for (;;) {
    const double idle = std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
    if (follow_.waiting(idle)) return false;
    std::this_thread::sleep_for(std::chrono::duration<double>(follow_.poll_seconds));
    in_.clear();  // the stream stopped at the old end: read on from where it stands
    read_buffer();
    if (end_ > 0) return true;
  }
}

bool LineSource::next(std::string_view& line, bool& too_long) {
  too_long = false;
  bool spilled = false;
  spill_.clear();
  for (;;) {
    if (pos_ < end_) {
      const char* begin = buf_.data() + pos_;
      const std::size_t avail = end_ - pos_;
      const char* nl = static_cast<const char*>(std::memchr(begin, '\n', avail));
      const std::size_t take = nl ? static_cast<std::size_t>(nl - begin) : avail;
      if (nl && !spilled) {  // common case: the whole line sits in the buffer
        line = std::string_view(begin, take);
        pos_ += take + 1;
        return true;
      }
      spilled = true;
      if (!too_long) {
        if (spill_.size() + take > kMaxLine) {
          too_long = true;
          // Only the head is kept, for the malformed-line report; the rest is skipped unread.
          if (spill_.size() < kLongLineHead) spill_.append(begin, std::min(take, kLongLineHead - spill_.size()));
          spill_.resize(std::min(spill_.size(), kLongLineHead));
          spill_.shrink_to_fit();
        } else {
          spill_.append(begin, take);
        }
      }
      pos_ += take + (nl ? 1 : 0);
      if (nl) break;
    }
    if (eof_) {
      if (!spilled) return false;
      break;
    }
    refill();
    if (eof_ && !spilled) return false;
  }
  line = std::string_view(spill_);
  return true;
}

}  // namespace logsweep::detail
