#pragma once
// Valid UTF-8 for every string logsweep stores: logs are bytes, but HDF5 strings are declared
// UTF-8 and readers (h5py's .asstr(), pandas) fail on the first invalid byte.
#include <string>
#include <string_view>

namespace logsweep {

// True when `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF).
bool is_valid_utf8(std::string_view s);

// `s` with every byte that is not part of a well-formed UTF-8 sequence written as the four
// characters "\xNN" (lowercase hex, as printable_prefix does). Valid UTF-8 comes back unchanged,
// so applying it twice is the same as once. A literal "\xff" already in the text is not escaped
// further: the two read the same, which is acceptable for display and grouping text.
std::string utf8_escaped(std::string_view s);

}  // namespace logsweep
