/*
 * Request encoding: application/x-www-form-urlencoded bodies and query strings, with
 * element arrays serialised as UTF-8 JSON (Vtiger's "encoded" parameter type).
 */
#ifndef VTWS_ENCODE_H
#define VTWS_ENCODE_H

#include "php.h"
#include "zend_smart_str.h"

/* Appends "&name=value" (no '&' for the first pair), percent-encoding both. */
void vtws_form_add(smart_str *form, const char *name, const char *value, size_t value_len);

/* Appends a PHP value: strings as they are, ints/floats in decimal, bools as 1/0, arrays
 * and objects as JSON; null is left out, as an absent parameter is what Vtiger sees for it.
 * Throws ValueError naming the parameter when the value cannot be encoded. */
zend_result vtws_form_add_value(smart_str *form, const char *name, zval *value);

/* Appends "&name=" and the value as percent-encoded JSON, written in one pass without a
 * JSON string in between; the JSON is json_encode($value, JSON_UNESCAPED_UNICODE |
 * JSON_UNESCAPED_SLASHES). Throws ValueError naming the parameter on failure and then
 * leaves form as it was. */
zend_result vtws_form_add_json(smart_str *form, const char *name, zval *value);

/* The text vtws_form_add_value() sends for a value, unencoded; *text is NULL for null.
 * Throws like vtws_form_add_value(). Used where no form body is built (in-process calls). */
zend_result vtws_param_text(const char *name, zval *value, zend_string **text);

/* JSON with unescaped Unicode and slashes; throws ValueError naming what on failure. */
zend_result vtws_encode_json(smart_str *out, zval *value, const char *what);

#endif
