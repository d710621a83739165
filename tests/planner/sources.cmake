# Test sources for planner/.
list(APPEND FITPLAN_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/model_catalog_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/model_loader_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/json_parse_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/job_loader_test.cc
)
list(APPEND FITPLAN_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/cost_model_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/plan_parser_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/search_test.cc
)
list(APPEND FITPLAN_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/csv_reader_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/validate_test.cc
)
list(APPEND FITPLAN_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/calibration_guard_test.cc
)
list(APPEND FITPLAN_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/time_sanity_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/torchtitan_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/automodel_test.cc
)
list(APPEND FITPLAN_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/export_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/serve_test.cc
)
list(APPEND FITPLAN_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/export_top_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/report_html_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/report_table_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/svg_chart_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/text_columns_test.cc
)
list(APPEND FITPLAN_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/offers_loader_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/rent_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/html_charts_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/report_rent_html_test.cc
)
