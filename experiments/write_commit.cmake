# Run at every build (cmake -P): writes OUT, a header defining ARCHEX_COMMIT
# (`git describe` of SOURCE_DIR, "-modified" when the work tree differs, or
# "unknown" outside a git checkout). Rewritten only when it changes, so a
# build without a new commit recompiles nothing.
execute_process(COMMAND git -C "${SOURCE_DIR}" describe --always --dirty=-modified --abbrev=12
                OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR commit STREQUAL "")
  set(commit "unknown")
endif()
set(text "#define ARCHEX_COMMIT \"${commit}\"\n")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUT}" "${text}")
endif()
