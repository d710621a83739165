# Test sources for strategies/.
list(APPEND FITPLAN_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/checkpointing_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/parallelism_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/precision_optimizer_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/sharding_offload_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/strategy_table_test.cc
)
