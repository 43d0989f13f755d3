# Runs cmake/check_arrows.cmake on a fixture tree and checks its verdict.
#   cmake -DCHECKER=<check_arrows.cmake> -DTREE=<fixture> -DEXPECT=pass|fail [-DEXPECT_OUTPUT=<regex>] -P run_checker.cmake
execute_process(COMMAND "${CMAKE_COMMAND}" -DPARTS_FILE=${TREE}/parts.cmake -DSOURCE_DIR=${TREE} -P "${CHECKER}"
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
message(STATUS "the checker said:\n${output}")
if(EXPECT STREQUAL "pass" AND NOT result EQUAL 0)
  message(FATAL_ERROR "the checker failed on ${TREE}, which crosses no arrow")
endif()
if(EXPECT STREQUAL "fail" AND result EQUAL 0)
  message(FATAL_ERROR "the checker passed ${TREE}, which has a forbidden include")
endif()
if(DEFINED EXPECT_OUTPUT AND NOT output MATCHES "${EXPECT_OUTPUT}")
  message(FATAL_ERROR "the checker's output does not match: ${EXPECT_OUTPUT}")
endif()
