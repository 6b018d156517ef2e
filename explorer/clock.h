#pragma once
// Wall-clock timestamps as stored in the trial database: UTC ISO-8601 with
// milliseconds and a fixed width ("2024-05-01T12:00:00.123Z"), so that string
// comparison orders them in time (the heartbeat staleness test relies on it).

#include <chrono>
#include <string>

namespace archex::explore {

std::string iso_timestamp(std::chrono::system_clock::time_point time);
inline std::string iso_now() { return iso_timestamp(std::chrono::system_clock::now()); }

}  // namespace archex::explore
