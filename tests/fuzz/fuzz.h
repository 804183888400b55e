/*
 * Shared engine for the libFuzzer targets: an embedded PHP with the vtws module loaded,
 * and a runner that gives each input a call frame so exceptions behave as under PHP.
 */
#ifndef VTWS_FUZZ_H
#define VTWS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "php.h"

/* Each target defines this: it gets one input, and must leave nothing allocated. Any
 * exception it throws is checked by vtws_fuzz_expect_* and then discarded by the runner. */
void vtws_fuzz_target(const char *data, size_t size);

/* Aborts (a finding for libFuzzer) when the call's result and the pending exception
 * disagree: FAILURE must leave one exception of an allowed class, SUCCESS none. */
void vtws_fuzz_expect(zend_result rc, zend_class_entry *const *allowed);

/* Decodes JSON with PHP's own parser (objects as arrays unless as_objects). Returns false
 * and leaves out NULL when the bytes are not JSON. */
bool vtws_fuzz_json(zval *out, const char *data, size_t size, bool as_objects);

#endif
