# pakn_library(NAME SOURCES ... DEPS ...): one static library per module folder.
function(pakn_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# pakn_test(NAME SOURCES ... DEPS ... [LABELS ...]): a GoogleTest binary registered with CTest.
function(pakn_test name)
  if(NOT PAKN_BUILD_TESTS)
    return()
  endif()
  # WHOLE: one CTest test running the whole binary in one process (for suites whose
  # SetUpTestSuite builds an expensive fixture once); otherwise one CTest test per TEST.
  cmake_parse_arguments(ARG "WHOLE" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  if(ARG_WHOLE)
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES LABELS "unit;${ARG_LABELS}" TIMEOUT 1200)
    return()
  endif()
  include(GoogleTest)
  gtest_discover_tests(${name} PROPERTIES LABELS "unit;${ARG_LABELS}"
                       DISCOVERY_TIMEOUT 60)
endfunction()
