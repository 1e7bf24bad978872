#ifndef SALIENCY_EMBEDDED_MODELS_H
#define SALIENCY_EMBEDDED_MODELS_H

#include <stddef.h>

/// One ONNX file of models/, compiled into the binary.
typedef struct {
    const char *name;
    const unsigned char *bytes;
    size_t length;
} SaliencyEmbeddedModel;

/// The shipped model of that name, or NULL when none is embedded under it.
const SaliencyEmbeddedModel *saliency_embedded_model_named(const char *name);

#endif
