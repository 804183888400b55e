/*
 * Request encoder: PHP values built from the input (decoded as JSON with PHP's parser,
 * once with objects as arrays and once as stdClass; raw bytes, possibly invalid UTF-8,
 * when the input is not JSON) go through vtws_form_add_value and vtws_encode_json.
 * A form body must come out as name=value pairs of unreserved bytes and %XX escapes, and
 * JSON that PHP's parser reads back; bad values must give ValueError or TypeError.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "src/encode.h"
#include "zend_exceptions.h"

static zend_class_entry *allowed[3];

static void settle(zend_result rc)
{
	vtws_fuzz_expect(rc, allowed);
	if (EG(exception)) {
		zend_clear_exception();
	}
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

static bool is_form_encoded(const smart_str *form)
{
	if (!form->s) {
		return true;
	}
	const char *s = ZSTR_VAL(form->s);
	size_t len = ZSTR_LEN(form->s);
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '%') {
			if (len - i < 3) {
				return false;
			}
			if (!is_hex(s[i + 1]) || !is_hex(s[i + 2])) {
				return false;
			}
			i += 2;
		} else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
					   c == '-' || c == '_' || c == '.' || c == '~' || c == '=' || c == '&')) {
			return false;
		}
	}
	return true;
}

static void encode_as_form(zval *value)
{
	smart_str form = {0};

	if (Z_TYPE_P(value) == IS_ARRAY) {
		zend_string *key;
		zend_ulong index;
		zval *item;
		ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(value), index, key, item) {
			char name[32];
			if (!key) {
				snprintf(name, sizeof(name), "p" ZEND_ULONG_FMT, index);
			}
			settle(vtws_form_add_value(&form, key ? ZSTR_VAL(key) : name, item));
		}
		ZEND_HASH_FOREACH_END();
	} else {
		settle(vtws_form_add_value(&form, "value", value));
	}
	if (!is_form_encoded(&form)) {
		fprintf(stderr, "fuzz: the form body has a byte that is not percent-encoded\n");
		abort();
	}
	smart_str_free(&form);
}

static void encode_as_json(zval *value)
{
	smart_str json = {0};
	zend_result rc = vtws_encode_json(&json, value, "fuzz");

	settle(rc);
	if (rc == SUCCESS) {
		zval back;
		smart_str_0(&json);
		if (!vtws_fuzz_json(&back, ZSTR_VAL(json.s), ZSTR_LEN(json.s), false)) {
			fprintf(stderr, "fuzz: the encoder wrote JSON that PHP cannot read back\n");
			abort();
		}
		zval_ptr_dtor(&back);
	}
	smart_str_free(&json);
}

static void raw_bytes_value(zval *out, const char *data, size_t size)
{
	zval inner;

	array_init(out);
	add_assoc_stringl(out, "element", data, size);
	add_next_index_stringl(out, data, size);
	array_init(&inner);
	add_assoc_stringl(&inner, "description", data, size);
	add_assoc_zval(out, "nested", &inner);
}

void vtws_fuzz_target(const char *data, size_t size)
{
	allowed[0] = zend_ce_value_error;
	allowed[1] = zend_ce_type_error;
	for (int as_objects = 0; as_objects < 2; as_objects++) {
		zval value;
		if (!vtws_fuzz_json(&value, data, size, as_objects)) {
			if (as_objects) {
				break;
			}
			raw_bytes_value(&value, data, size);
		}
		encode_as_form(&value);
		encode_as_json(&value);
		zval_ptr_dtor(&value);
	}
}
