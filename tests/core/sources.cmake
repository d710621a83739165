# Test sources for core/.
list(APPEND FITPLAN_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/config_node_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/model_stats_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/plan_test.cc
)
