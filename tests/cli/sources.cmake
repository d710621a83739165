# Tests that run the built fitplan binary on configs/.
list(APPEND FITPLAN_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/cli_test.cc
)
list(APPEND FITPLAN_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/validate_cli_test.cc
)
list(APPEND FITPLAN_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/serve_cli_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/report_cli_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/rent_cli_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/bad_input_cli_test.cc
)
