/*
 * Request encoding. Percent-encoding is done straight into the form buffer so a large
 * element is copied once.
 */
#include "encode.h"
#include "ext/json/php_json.h"
#include "zend_exceptions.h"

static const char hex_digits[] = "0123456789ABCDEF";

static bool is_unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		c == '_' || c == '.' || c == '~';
}

static void append_percent_encoded(smart_str *out, const char *data, size_t len)
{
	/* Worst case triples the length; reserve once instead of growing per byte. */
	char *dst = smart_str_extend(out, len * 3);
	char *start = dst;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char) data[i];
		if (is_unreserved(c)) {
			*dst++ = (char) c;
		} else {
			*dst++ = '%';
			*dst++ = hex_digits[c >> 4];
			*dst++ = hex_digits[c & 15];
		}
	}
	ZSTR_LEN(out->s) -= (len * 3) - (size_t) (dst - start);
}

void vtws_form_add(smart_str *form, const char *name, const char *value, size_t value_len)
{
	if (form->s && ZSTR_LEN(form->s) > 0) {
		smart_str_appendc(form, '&');
	}
	append_percent_encoded(form, name, strlen(name));
	smart_str_appendc(form, '=');
	append_percent_encoded(form, value, value_len);
}

zend_result vtws_encode_json(smart_str *out, zval *value, const char *what)
{
	int options = PHP_JSON_UNESCAPED_UNICODE | PHP_JSON_UNESCAPED_SLASHES;

	if (php_json_encode_ex(out, value, options, PHP_JSON_PARSER_DEFAULT_DEPTH) == FAILURE) {
		zend_value_error("%s cannot be sent as JSON: %s", what,
			JSON_G(error_code) == PHP_JSON_ERROR_UTF8 ? "it contains invalid UTF-8"
													  : "it cannot be encoded");
		JSON_G(error_code) = PHP_JSON_ERROR_NONE;
		return FAILURE;
	}
	return SUCCESS;
}

static zend_string *json_text(const char *name, zval *value)
{
	smart_str json = {0};
	char what[160];

	snprintf(what, sizeof(what), "Parameter \"%s\"", name);
	if (vtws_encode_json(&json, value, what) == FAILURE) {
		smart_str_free(&json);
		return NULL;
	}
	return json.s ? smart_str_extract(&json) : ZSTR_EMPTY_ALLOC();
}

zend_result vtws_param_text(const char *name, zval *value, zend_string **text)
{
	*text = NULL;
	ZVAL_DEREF(value);
	switch (Z_TYPE_P(value)) {
		case IS_NULL:
			return SUCCESS;
		case IS_STRING:
			*text = zend_string_copy(Z_STR_P(value));
			return SUCCESS;
		case IS_TRUE:
			*text = ZSTR_CHAR('1');
			return SUCCESS;
		case IS_FALSE:
			*text = ZSTR_CHAR('0');
			return SUCCESS;
		case IS_LONG:
		case IS_DOUBLE:
			*text = zval_get_string(value);
			return SUCCESS;
		case IS_ARRAY:
		case IS_OBJECT:
			*text = json_text(name, value);
			return *text ? SUCCESS : FAILURE;
		default:
			zend_type_error(
				"Parameter \"%s\" must be of type string|int|float|bool|array|null, %s given", name,
				zend_zval_type_name(value));
			return FAILURE;
	}
}

zend_result vtws_form_add_value(smart_str *form, const char *name, zval *value)
{
	zend_string *text;

	if (vtws_param_text(name, value, &text) == FAILURE) {
		return FAILURE;
	}
	if (text) {
		vtws_form_add(form, name, ZSTR_VAL(text), ZSTR_LEN(text));
		zend_string_release(text);
	}
	return SUCCESS;
}
