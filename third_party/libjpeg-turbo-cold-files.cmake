# Included into libjpeg-turbo's own CMake project for the wasm build (CMAKE_PROJECT_INCLUDE, from
# third_party/build.sh): its files that run once per image or never in a decoding, compiled for
# size (-Oz). The per-pixel work stays -O3: entropy decoding, the coefficient and sample buffers,
# the inverse DCTs (also the reduced ones the grid sums use), upsampling and colour conversion.
set_source_files_properties(
  jdmarker.c jdmaster.c jdinput.c jdapimin.c jcomapi.c jerror.c jdtrans.c jdatasrc.c jdatadst.c jdicc.c
  jquant1.c jquant2.c jaricom.c jdarith.c
  PROPERTIES COMPILE_OPTIONS -Oz)
