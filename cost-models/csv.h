#pragma once
// The measurement files' CSV dialect: comma-separated, a header row, '#'
// lines and blank lines ignored, cells trimmed. Shared by calibration and
// validation.

#include <filesystem>
#include <string>
#include <vector>

namespace archex::cost {

std::vector<std::string> split_csv_line(const std::string& line);

struct CsvTable {
  std::string file;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as wide as the header
  std::vector<int> line_numbers;               // per row, 1-based

  int column(const std::string& name) const;   // -1 if absent
  std::string where(std::size_t row) const;    // "file:line"
};

// Throws CostModelError naming the file (and line) when it cannot be read, has
// no header, or a row's width differs from the header's.
CsvTable read_csv_table(const std::filesystem::path& file);

// A finite number > 0 in the cell; throws CostModelError naming file, line and column.
double positive_cell(const CsvTable& table, std::size_t row, int column);

}  // namespace archex::cost
