#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <jpeglib.h>

/*
 * libjpeg reports errors by calling error_exit, whose default calls exit(). Swift cannot call
 * setjmp, so the whole decode lives here, in one C frame that owns the jmp_buf: errors longjmp
 * back to it and come out as a status code and a message, and the process keeps running.
 * Warnings about corrupt data (a truncated file is only a warning to libjpeg, which then pads the
 * image with gray) are collected too, so that the caller can refuse such a file.
 */

enum {
    SALIENCY_JPEG_OK = 0,
    SALIENCY_JPEG_ERROR = 1,
    SALIENCY_JPEG_TOO_LARGE = 2,
};

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf escape;
    char message[JMSG_LENGTH_MAX];
    int warned;
} saliency_jpeg_error_manager;

static void saliency_jpeg_error_exit(j_common_ptr cinfo) {
    saliency_jpeg_error_manager *manager = (saliency_jpeg_error_manager *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, manager->message);
    longjmp(manager->escape, 1);
}

static void saliency_jpeg_emit_message(j_common_ptr cinfo, int level) {
    saliency_jpeg_error_manager *manager = (saliency_jpeg_error_manager *)cinfo->err;
    if (level < 0 && !manager->warned) {
        manager->warned = 1;
        (*cinfo->err->format_message)(cinfo, manager->message);
    }
}

/*
 * Decodes `size` bytes at `data` to 8-bit gray (1 channel) or RGB (3 channels), row-major.
 * On SALIENCY_JPEG_OK, *pixels is a malloc'd buffer the caller frees. On TOO_LARGE, *width and
 * *height hold the declared size. `message` (at least JMSG_LENGTH_MAX bytes) explains failures.
 */
static inline int saliency_jpeg_decode(const unsigned char *data, size_t size,
                                       unsigned long long max_pixels, unsigned char **pixels,
                                       int *width, int *height, int *channels, char *message) {
    struct jpeg_decompress_struct cinfo;
    saliency_jpeg_error_manager manager;
    unsigned char *volatile buffer = NULL;
    memset(&manager, 0, sizeof manager);
    cinfo.err = jpeg_std_error(&manager.base);
    manager.base.error_exit = saliency_jpeg_error_exit;
    manager.base.emit_message = saliency_jpeg_emit_message;
    *pixels = NULL;
    if (setjmp(manager.escape)) {
        jpeg_destroy_decompress(&cinfo);
        free(buffer);
        strncpy(message, manager.message, JMSG_LENGTH_MAX);
        return SALIENCY_JPEG_ERROR;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    *width = (int)cinfo.image_width;
    *height = (int)cinfo.image_height;
    if ((unsigned long long)cinfo.image_width * cinfo.image_height > max_pixels) {
        jpeg_destroy_decompress(&cinfo);
        return SALIENCY_JPEG_TOO_LARGE;
    }
    cinfo.out_color_space = cinfo.jpeg_color_space == JCS_GRAYSCALE ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_start_decompress(&cinfo);
    *channels = cinfo.output_components;
    size_t row_bytes = (size_t)cinfo.output_width * (size_t)cinfo.output_components;
    buffer = malloc(row_bytes * cinfo.output_height);
    if (buffer == NULL) {
        jpeg_destroy_decompress(&cinfo);
        strncpy(message, "out of memory", JMSG_LENGTH_MAX);
        return SALIENCY_JPEG_ERROR;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = buffer + row_bytes * cinfo.output_scanline;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    *width = (int)cinfo.output_width;
    *height = (int)cinfo.output_height;
    jpeg_destroy_decompress(&cinfo);
    if (manager.warned) {
        free(buffer);
        strncpy(message, manager.message, JMSG_LENGTH_MAX);
        return SALIENCY_JPEG_ERROR;
    }
    *pixels = buffer;
    return SALIENCY_JPEG_OK;
}
