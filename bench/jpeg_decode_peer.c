/* The peer of bench/bench-jpeg.mjs: Debian's own libjpeg-turbo (libjpeg62-turbo, with its x86-64
 * SIMD, none of this project's patches), decoding a JPEG's primary image at full size to RGB: the
 * step any native JPEG user starts from. A separate program so it links the distribution's shared
 * library, not the project's static one. Protocol as bench_pipeline --serve: "ready", then one
 * decode per line read, answered with its milliseconds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jpeglib.h>

static unsigned char checksum;

static void decode(const unsigned char* bytes, unsigned long size) {
  struct jpeg_decompress_struct c;
  struct jpeg_error_mgr err;
  c.err = jpeg_std_error(&err); /* exits on error: a benchmark of a known-good file */
  jpeg_create_decompress(&c);
  jpeg_mem_src(&c, bytes, size);
  jpeg_read_header(&c, TRUE);
  c.out_color_space = JCS_RGB;
  jpeg_start_decompress(&c);
  const size_t stride = (size_t)c.output_width * 3;
  unsigned char* rgb = malloc(stride * c.output_height);
  while (c.output_scanline < c.output_height) {
    JSAMPROW row = rgb + stride * c.output_scanline;
    jpeg_read_scanlines(&c, &row, 1);
  }
  jpeg_finish_decompress(&c);
  jpeg_destroy_decompress(&c);
  checksum ^= rgb[stride * c.output_height / 2];
  free(rgb);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: jpeg_decode_peer FILE.jpg\n");
    return 2;
  }
  FILE* f = fopen(argv[1], "rb");
  if (!f) {
    fprintf(stderr, "jpeg_decode_peer: cannot open %s\n", argv[1]);
    return 1;
  }
  fseek(f, 0, SEEK_END);
  const long size = ftell(f);
  rewind(f);
  unsigned char* bytes = malloc((size_t)size);
  if (fread(bytes, 1, (size_t)size, f) != (size_t)size) return 1;
  fclose(f);
  decode(bytes, (unsigned long)size); /* warm-up */
  printf("ready\n");
  fflush(stdout);
  char line[64];
  while (fgets(line, sizeof line, stdin)) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    decode(bytes, (unsigned long)size);
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("%.3f\n", (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6);
    fflush(stdout);
  }
  free(bytes);
  return checksum == 255 ? 0 : 0;
}
