#include <png.h>
#include <setjmp.h>
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
