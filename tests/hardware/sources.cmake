# Test sources for hardware/.
list(APPEND FITPLAN_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/cluster_loader_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/gpu_catalog_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/topology_test.cc
)
