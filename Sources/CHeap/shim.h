// mallopt: the heap tuning of glibc (Tensor.HeapTuning).
#include <malloc.h>
