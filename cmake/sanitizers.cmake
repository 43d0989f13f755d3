# ASan + UBSan for the whole build when PRICEWATCH_SANITIZE is on.
if(PRICEWATCH_SANITIZE)
  # vptr checks need typeinfo that the Debian SOCI libraries do not export.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined -fno-sanitize=vptr)
endif()
