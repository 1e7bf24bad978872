// The shipped models inside the binary, so that a kernel copied to a hub image, a cluster node or a
// package still has its default model. C23's #embed reads each file at compile time; clang lists the
// files in the target's dependency file, so retraining a model rebuilds this one object.
#pragma clang diagnostic ignored "-Wc23-extensions"

#include "EmbeddedModels.h"

#include <string.h>

static const unsigned char shapes_cnn[] = {
#embed "../../models/shapes-cnn.onnx"
};
static const unsigned char shapes_vit[] = {
#embed "../../models/shapes-vit.onnx"
};
static const unsigned char shapes_trojan_patch[] = {
#embed "../../models/shapes-trojan-patch.onnx"
};
static const unsigned char shapes_trojan_blend[] = {
#embed "../../models/shapes-trojan-blend.onnx"
};
static const unsigned char shapes_trojan_sticker[] = {
#embed "../../models/shapes-trojan-sticker.onnx"
};

static const SaliencyEmbeddedModel models[] = {
    {"shapes-cnn", shapes_cnn, sizeof shapes_cnn},
    {"shapes-vit", shapes_vit, sizeof shapes_vit},
    {"shapes-trojan-patch", shapes_trojan_patch, sizeof shapes_trojan_patch},
    {"shapes-trojan-blend", shapes_trojan_blend, sizeof shapes_trojan_blend},
    {"shapes-trojan-sticker", shapes_trojan_sticker, sizeof shapes_trojan_sticker},
};

const SaliencyEmbeddedModel *saliency_embedded_model_named(const char *name) {
    for (size_t index = 0; index < sizeof models / sizeof models[0]; index++) {
        if (strcmp(models[index].name, name) == 0) return &models[index];
    }
    return NULL;
}
