#include <png.h>
#include <setjmp.h>
#include <zlib.h>
#include <stdlib.h>
#include <string.h>

/*
 * libpng reports errors by longjmp to png_jmpbuf, which Swift cannot set. The whole decode lives
 * here, in one C frame that owns the jmp_buf, so errors come out as a status and a message.
 * (libpng's simplified png_image API would do this too, but 1.6.39 scrambles the rows of
 * interlaced 16-bit images with alpha when reducing them to 8 bits.)
 */

enum {
    SALIENCY_PNG_OK = 0,
    SALIENCY_PNG_ERROR = 1,
    SALIENCY_PNG_TOO_LARGE = 2,
};

typedef struct {
    const unsigned char *data;
    size_t size;
    size_t offset;
    char message[200];
} saliency_png_source;

static void saliency_png_read(png_structp png, png_bytep target, size_t length) {
    saliency_png_source *source = (saliency_png_source *)png_get_io_ptr(png);
    if (source->size - source->offset < length) {
        png_error(png, "unexpected end of file (truncated PNG)");
    }
    memcpy(target, source->data + source->offset, length);
    source->offset += length;
}

static void saliency_png_error(png_structp png, png_const_charp message) {
    saliency_png_source *source = (saliency_png_source *)png_get_error_ptr(png);
    strncpy(source->message, message, sizeof source->message - 1);
    png_longjmp(png, 1);
}

static void saliency_png_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message; /* benign by definition (e.g. an unknown ancillary chunk); errors are fatal */
}

/*
 * Decodes a PNG of any color type, bit depth and interlacing to 8-bit samples: gray (1 channel),
 * gray+alpha (2), RGB (3) or RGBA (4); palettes expand to RGB(A), tRNS becomes alpha, 16-bit
 * samples are rounded to 8 bits. On SALIENCY_PNG_OK, *pixels is a malloc'd buffer the caller
 * frees. On TOO_LARGE, *width and *height hold the declared size. `message` gets 200 bytes.
 */
static inline int saliency_png_decode(const unsigned char *data, size_t size, unsigned long long max_pixels,
                                      unsigned char **pixels, int *width, int *height, int *channels,
                                      char *message) {
    saliency_png_source source = {data, size, 0, {0}};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &source, saliency_png_error,
                                             saliency_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    unsigned char *volatile buffer = NULL;
    png_bytep *volatile rows = NULL;
    *pixels = NULL;
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        strncpy(message, "out of memory", 200);
        return SALIENCY_PNG_ERROR;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        free(buffer);
        free(rows);
        strncpy(message, source.message, 200);
        return SALIENCY_PNG_ERROR;
    }
    png_set_read_fn(png, &source, saliency_png_read);
    png_read_info(png, info);
    *width = (int)png_get_image_width(png, info);
    *height = (int)png_get_image_height(png, info);
    if ((unsigned long long)png_get_image_width(png, info) * png_get_image_height(png, info) > max_pixels) {
        png_destroy_read_struct(&png, &info, NULL);
        return SALIENCY_PNG_TOO_LARGE;
    }
    png_set_expand(png);
    png_set_scale_16(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    *channels = png_get_channels(png, info);
    size_t row_bytes = png_get_rowbytes(png, info);
    size_t row_count = png_get_image_height(png, info);
    buffer = malloc(row_bytes * row_count);
    rows = malloc(sizeof(png_bytep) * row_count);
    if (buffer == NULL || rows == NULL) {
        png_error(png, "out of memory");
    }
    for (size_t row = 0; row < row_count; row++) {
        rows[row] = buffer + row * row_bytes;
    }
    png_read_image(png, rows);
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    free(rows);
    *pixels = buffer;
    return SALIENCY_PNG_OK;
}

/* A growable output buffer for saliency_png_encode. */
typedef struct {
    unsigned char *data;
    size_t size;
    size_t capacity;
    int failed;
} saliency_png_sink;

static void saliency_png_write(png_structp png, png_bytep bytes, size_t length) {
    saliency_png_sink *sink = (saliency_png_sink *)png_get_io_ptr(png);
    if (sink->size + length > sink->capacity) {
        size_t capacity = (sink->size + length) * 2;
        unsigned char *grown = realloc(sink->data, capacity);
        if (grown == NULL) {
            sink->failed = 1;
            png_error(png, "out of memory");
        }
        sink->data = grown;
        sink->capacity = capacity;
    }
    memcpy(sink->data + sink->size, bytes, length);
    sink->size += length;
}

static void saliency_png_flush(png_structp png) {
    (void)png;
}

/*
 * Encodes 8-bit interleaved samples (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA channels) as PNG with
 * one fixed filter and zlib strategy/level chosen by the caller, writing no time or text chunks,
 * so identical input gives identical bytes. On SALIENCY_PNG_OK, *output is a malloc'd buffer of
 * *output_size bytes the caller frees.
 */
static inline int saliency_png_encode(const unsigned char *pixels, int width, int height, int channels,
                                      int filter, int strategy, int level, unsigned char **output,
                                      size_t *output_size, char *message) {
    static const int color_types[] = {0, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB,
                                      PNG_COLOR_TYPE_RGB_ALPHA};
    saliency_png_source errors = {NULL, 0, 0, {0}};
    saliency_png_sink sink = {NULL, 0, 0, 0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &errors, saliency_png_error,
                                              saliency_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    *output = NULL;
    if (info == NULL || channels < 1 || channels > 4) {
        png_destroy_write_struct(&png, info ? &info : NULL);
        strncpy(message, info == NULL ? "out of memory" : "unsupported channel count", 200);
        return SALIENCY_PNG_ERROR;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(sink.data);
        strncpy(message, errors.message, 200);
        return SALIENCY_PNG_ERROR;
    }
    png_set_write_fn(png, &sink, saliency_png_write, saliency_png_flush);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, color_types[channels],
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, filter);
    png_set_compression_strategy(png, strategy);
    png_set_compression_level(png, level);
    png_write_info(png, info);
    size_t row_bytes = (size_t)width * (size_t)channels;
    for (int row = 0; row < height; row++) {
        png_write_row(png, pixels + row_bytes * (size_t)row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    *output = sink.data;
    *output_size = sink.size;
    return SALIENCY_PNG_OK;
}
