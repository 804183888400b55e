/*
 * Response decoder: any bytes a server could send. vtws_decode_or_throw must either give
 * a value made of arrays, strings (valid UTF-8), numbers, booleans and null, or throw
 * ProtocolException; never crash, leak or read past the body.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "src/decode.h"
#include "src/errors.h"

static bool is_valid_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t extra;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			extra = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			extra = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			extra = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (len - i <= extra) {
			return false;
		}
		for (size_t k = 1; k <= extra; k++) {
			if ((s[i + k] & 0xC0) != 0x80) {
				return false;
			}
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
			(cp >= 0xD800 && cp <= 0xDFFF)) {
			return false;
		}
		i += extra + 1;
	}
	return true;
}

static bool is_plain_value(zval *value)
{
	zend_string *key;
	zval *item;

	switch (Z_TYPE_P(value)) {
		case IS_NULL:
		case IS_TRUE:
		case IS_FALSE:
		case IS_LONG:
		case IS_DOUBLE:
			return true;
		case IS_STRING:
			return is_valid_utf8((const unsigned char *) Z_STRVAL_P(value), Z_STRLEN_P(value));
		case IS_ARRAY:
			ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(value), key, item) {
				if (key && !is_valid_utf8((const unsigned char *) ZSTR_VAL(key), ZSTR_LEN(key))) {
					return false;
				}
				if (!is_plain_value(item)) {
					return false;
				}
			}
			ZEND_HASH_FOREACH_END();
			return true;
		default:
			return false;
	}
}

void vtws_fuzz_target(const char *data, size_t size)
{
	zend_class_entry *allowed[] = {vtws_ce_protocol_exception, NULL};
	/* Bodies reach the decoder as zend_strings (NUL after the last byte, nothing more). */
	zend_string *body = zend_string_init(data, size, 0);
	zval out;

	ZVAL_UNDEF(&out);
	zend_result rc = vtws_decode_or_throw(&out, ZSTR_VAL(body), ZSTR_LEN(body), "fuzz");
	vtws_fuzz_expect(rc, allowed);
	if (rc == SUCCESS) {
		if (!is_plain_value(&out)) {
			fprintf(stderr, "fuzz: the decoder gave a value JSON cannot hold\n");
			abort();
		}
		zval_ptr_dtor(&out);
	}
	zend_string_release(body);
}
