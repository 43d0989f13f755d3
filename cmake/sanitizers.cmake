# The sanitizer builds: ASan + UBSan for the whole build when PRICEWATCH_SANITIZE is on (preset
# asan), ThreadSanitizer when PRICEWATCH_TSAN is on (preset tsan), and the fuzzing build when
# PRICEWATCH_FUZZ is on (preset fuzz: clang, every part instrumented for libFuzzer's coverage,
# the targets of fuzz/ linked with -fsanitize=fuzzer there).
option(PRICEWATCH_TSAN "Build with ThreadSanitizer" OFF)
option(PRICEWATCH_FUZZ "Build the parts for libFuzzer (clang) and the fuzz targets of fuzz/" OFF)

if(PRICEWATCH_SANITIZE)
  # vptr checks need typeinfo that the Debian SOCI libraries do not export.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined -fno-sanitize=vptr)
endif()

if(PRICEWATCH_TSAN)
  # -Wno-tsan: g++ warns that the std::atomic_thread_fence in Asio's fenced blocks is not modelled
  # by ThreadSanitizer (a race report through one would be a false positive, none seen so far).
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer -Wno-tsan)
  add_link_options(-fsanitize=thread)
endif()

if(PRICEWATCH_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PRICEWATCH_FUZZ needs clang (cmake --preset fuzz uses clang++-14)")
  endif()
  set(CMAKE_CXX_FLAGS_FUZZ "-O1 -gline-tables-only" CACHE STRING "Flags of the fuzzing build" FORCE)
  # UBSan's function check puts data before each function that clang 14 cannot assemble for the
  # split parts of a coroutine (Asio's): "Cannot represent a difference across sections".
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=vptr,function
                      -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined -fno-sanitize=vptr,function)
endif()
