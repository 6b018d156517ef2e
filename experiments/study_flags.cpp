#include "experiments/study_flags.h"

namespace archex::exp {

void StudyFlags::add_to(CLI::App& command) {
  for (const auto& field : explore::study_fields())
    for (const auto& flag : field.flags) add(command, flag, flag.help);
}

void StudyFlags::add_resume_flags_to(CLI::App& command) {
  for (const auto& field : explore::study_fields())
    for (const auto& flag : field.flags)
      if (flag.resume_help) add(command, flag, flag.resume_help);
}

void StudyFlags::add(CLI::App& command, const explore::StudyFlag& flag, const char* help) {
  using explore::FlagKind;
  Slot& slot = slots_.emplace_back();
  slot.flag = &flag;
  switch (flag.kind) {
    case FlagKind::kText:
      slot.option = command.add_option(flag.names, slot.text, help);
      break;
    case FlagKind::kTexts:
      slot.option = command.add_option(flag.names, slot.texts, help);
      break;
    case FlagKind::kNumber:
      slot.option = command.add_option(flag.names, slot.number, help);
      break;
    case FlagKind::kPositiveNumber:
      slot.option = command.add_option(flag.names, slot.number, help)->check(CLI::PositiveNumber);
      break;
    case FlagKind::kCount:
      slot.option = command.add_option(flag.names, slot.count, help)
                        ->check(CLI::Range(static_cast<int>(flag.min), static_cast<int>(flag.max)));
      break;
    case FlagKind::kSeed:
      slot.option = command.add_option(flag.names, slot.seed, help)->check(CLI::NonNegativeNumber);
      break;
  }
}

explore::StudySpecInput StudyFlags::input() const {
  using explore::FlagKind;
  explore::StudySpecInput input;
  for (const auto& slot : slots_) {
    const auto kind = slot.flag->kind;
    // Texts decide themselves (an empty one is not given); numbers count when given.
    if (kind == FlagKind::kText) slot.flag->set(slot.text, input);
    else if (kind == FlagKind::kTexts) slot.flag->set(slot.texts, input);
    else if (slot.option->count() == 0) continue;
    else if (kind == FlagKind::kCount) slot.flag->set(std::int64_t{slot.count}, input);
    else if (kind == FlagKind::kSeed) slot.flag->set(slot.seed, input);
    else slot.flag->set(slot.number, input);
  }
  return input;
}

}  // namespace archex::exp
