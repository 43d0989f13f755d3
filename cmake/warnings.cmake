# An INTERFACE target carrying the project's warning flags; -Werror when PRICEWATCH_WERROR is on.
add_library(pricewatch_warnings INTERFACE)
target_compile_options(pricewatch_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(PRICEWATCH_WERROR)
  target_compile_options(pricewatch_warnings INTERFACE -Werror)
endif()
