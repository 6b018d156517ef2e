#pragma once
// Shell completion scripts and the man page, generated from the same command
// tree as `--help`, so they can never disagree with it.

#include <string>

#include <CLI/CLI.hpp>

namespace archex::exp {

// A bash completion script (`source <(archex completion bash)`); zsh gets the
// same through bashcompinit. Throws UsageError for another shell.
std::string completion_script(const CLI::App& root, const std::string& shell);

// archex(1) in roff (man -l archex.1).
std::string man_page(const CLI::App& root);

// `archex completion bash|zsh` and `archex man [--out FILE]`; call last, after
// every other command is added.
void add_cli_docs_commands(CLI::App& app);

}  // namespace archex::exp
