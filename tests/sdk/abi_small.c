/*
 * abi_small - test plugin whose descriptor is smaller than ABI 1.0's (as
 * if built with an edited plugin.h): refused before any field past the
 * header is read.
 */
#include <stddef.h>

#include <textpipe/plugin.h>

static const tp_plugin abi_small = {
    .abi_major = TP_ABI_MAJOR,
    .abi_minor = 0,
    .struct_size = (uint32_t)offsetof(tp_plugin, init),
    .name = "abi_small",
};

TP_PLUGIN_DEFINE(abi_small)
