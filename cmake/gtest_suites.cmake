# pricewatch_discover_suites(<target> PROPERTIES <name> <value>...): one ctest per GoogleTest suite
# of <target>, where gtest_discover_tests makes one per test. ctest runs each of its tests in a
# process of its own, so a suite's SetUpTestSuite (one pricewatch service, one fake exchange, one
# SMTP sink) would run again for every test; run per suite, it runs once for all of them. The
# suites are listed from the built executable when ctest starts, as gtest_discover_tests does.
function(pricewatch_discover_suites target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "PROPERTIES")
  set(properties "")
  foreach(item IN LISTS arg_PROPERTIES)
    string(APPEND properties " [==[${item}]==]")
  endforeach()
  set(script "${CMAKE_CURRENT_BINARY_DIR}/${target}_suites.cmake")
  set(template [=[
execute_process(COMMAND "$<TARGET_FILE:@target@>" --gtest_list_tests OUTPUT_VARIABLE listing RESULT_VARIABLE failed)
if(failed)
  add_test(@target@_NOT_BUILT "@target@_NOT_BUILT")
  return()
endif()
string(REPLACE "\n" ";" lines "${listing}")
foreach(line IN LISTS lines)
  if(line MATCHES "^([A-Za-z_][A-Za-z0-9_/]*)\\.( .*)?$")
    set(suite "${CMAKE_MATCH_1}")
    add_test("${suite}" "$<TARGET_FILE:@target@>" "--gtest_filter=${suite}.*")
    set_tests_properties("${suite}" PROPERTIES @properties@)
  endif()
endforeach()
]=])
  string(CONFIGURE "${template}" content @ONLY)
  file(GENERATE OUTPUT "${script}" CONTENT "${content}")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${script}")
endfunction()
