#pragma once
// Parses an optimizer's string settings into typed values and rejects keys
// nobody asked for. Range checks live in each options struct's validate(),
// which reports through setting_error() so all messages read alike:
//   optimizer 'evolution': setting 'population' = '1': expected an integer >= 2

#include <set>
#include <string>
#include <vector>

#include "optimizers/optimizer.h"

namespace archex::opt {

class SettingsReader {
 public:
  SettingsReader(std::string optimizer, const Settings& settings);

  // Each getter returns the setting's value, or `fallback` when the key is absent.
  int integer(const std::string& key, int fallback);
  double real(const std::string& key, double fallback);
  bool boolean(const std::string& key, bool fallback);  // true/false/1/0/yes/no/on/off
  std::string choice(const std::string& key, const std::string& fallback,
                     const std::vector<std::string>& allowed);
  std::string text(const std::string& key, const std::string& fallback);

  // Throws OptimizerError naming the first key no getter asked for.
  void reject_unknown() const;

 private:
  const std::string* find(const std::string& key);
  [[noreturn]] void fail(const std::string& key, const std::string& value,
                         const std::string& expectation) const;

  std::string optimizer_;
  const Settings& settings_;
  std::set<std::string> known_;
};

// Throws OptimizerError "optimizer 'NAME': setting 'KEY' = 'VALUE': expected EXPECTATION".
[[noreturn]] void setting_error(const std::string& optimizer, const std::string& key,
                                const std::string& value, const std::string& expectation);

// Shortest round-trippable text for a setting value ("0.1", not "0.100000").
std::string format_setting(double value);
std::string format_setting(int value);
std::string format_setting(bool value);

}  // namespace archex::opt
