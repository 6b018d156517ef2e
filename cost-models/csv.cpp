#include "cost-models/csv.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cost-models/registry.h"
#include "workloads/yaml_fields.h"

namespace archex::cost {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) {
    const auto first = cell.find_first_not_of(" \t\r");
    const auto last = cell.find_last_not_of(" \t\r");
    cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
  }
  return cells;
}

int CsvTable::column(const std::string& name) const {
  for (std::size_t c = 0; c < header.size(); ++c)
    if (header[c] == name) return static_cast<int>(c);
  return -1;
}

std::string CsvTable::where(std::size_t row) const { return file + ":" + std::to_string(line_numbers.at(row)); }

CsvTable read_csv_table(const std::filesystem::path& file) {
  std::istringstream in(yaml::read_user_file(file, "measurements file", &raise_cost_model_error));
  CsvTable table;
  table.file = file.string();
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    auto cells = split_csv_line(line);
    if (table.header.empty()) {
      table.header = std::move(cells);
      continue;
    }
    if (cells.size() != table.header.size())
      throw CostModelError(table.file + ":" + std::to_string(line_number) + ": expected " +
                           std::to_string(table.header.size()) + " cells, got " + std::to_string(cells.size()));
    table.rows.push_back(std::move(cells));
    table.line_numbers.push_back(line_number);
  }
  if (table.header.empty()) throw CostModelError(table.file + ": no header row");
  return table;
}

double positive_cell(const CsvTable& table, std::size_t row, int column) {
  const std::string& text = table.rows.at(row).at(static_cast<std::size_t>(column));
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !(value > 0.0) || !std::isfinite(value))
    throw CostModelError(table.where(row) + ": column '" + table.header[static_cast<std::size_t>(column)] +
                         "': expected a number > 0, got '" + text + "'");
  return value;
}

}  // namespace archex::cost
