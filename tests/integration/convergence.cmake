# Client sync engine against the real pss-server, and pss-bot --verify end to end.
# Included from tests/integration/CMakeLists.txt; kept apart so edits do not collide.
pss_add_integration_test(convergence_test ${CMAKE_CURRENT_LIST_DIR}/convergence_test.cpp LIBS pss_client_core)
target_include_directories(convergence_test PRIVATE ${PROJECT_SOURCE_DIR}/tests/client)
target_compile_definitions(convergence_test PRIVATE PSS_BOT_BINARY="$<TARGET_FILE:pss-bot>")
add_dependencies(convergence_test pss-bot)
