/*
 * Request encoding. Percent-encoding is done straight into the form buffer so a large
 * element is copied once, and an element array is written as percent-encoded JSON in one
 * walk over it, with no JSON string in between. That JSON is what json_encode() gives with
 * JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES (the flags Vtiger's own clients use):
 * the same escapes, numbers, list/object choice, depth limit and errors.
 */
#include "encode.h"
#include "utf8.h"
#include "ext/json/php_json.h"
#include "zend_exceptions.h"
#include "zend_strtod.h"

static const char hex_digits[] = "0123456789ABCDEF";

/* Each byte as it appears in a form body: itself when unreserved (RFC 3986), else %XX.
 * Entries are 4 bytes so that one unaligned store writes any of them. */
/* clang-format off */
static const char form_bytes[256][4] = {
	"%00", "%01", "%02", "%03", "%04", "%05", "%06", "%07",
	"%08", "%09", "%0A", "%0B", "%0C", "%0D", "%0E", "%0F",
	"%10", "%11", "%12", "%13", "%14", "%15", "%16", "%17",
	"%18", "%19", "%1A", "%1B", "%1C", "%1D", "%1E", "%1F",
	"%20", "%21", "%22", "%23", "%24", "%25", "%26", "%27",
	"%28", "%29", "%2A", "%2B", "%2C", "-", ".", "%2F",
	"0", "1", "2", "3", "4", "5", "6", "7",
	"8", "9", "%3A", "%3B", "%3C", "%3D", "%3E", "%3F",
	"%40", "A", "B", "C", "D", "E", "F", "G",
	"H", "I", "J", "K", "L", "M", "N", "O",
	"P", "Q", "R", "S", "T", "U", "V", "W",
	"X", "Y", "Z", "%5B", "%5C", "%5D", "%5E", "_",
	"%60", "a", "b", "c", "d", "e", "f", "g",
	"h", "i", "j", "k", "l", "m", "n", "o",
	"p", "q", "r", "s", "t", "u", "v", "w",
	"x", "y", "z", "%7B", "%7C", "%7D", "~", "%7F",
	"%80", "%81", "%82", "%83", "%84", "%85", "%86", "%87",
	"%88", "%89", "%8A", "%8B", "%8C", "%8D", "%8E", "%8F",
	"%90", "%91", "%92", "%93", "%94", "%95", "%96", "%97",
	"%98", "%99", "%9A", "%9B", "%9C", "%9D", "%9E", "%9F",
	"%A0", "%A1", "%A2", "%A3", "%A4", "%A5", "%A6", "%A7",
	"%A8", "%A9", "%AA", "%AB", "%AC", "%AD", "%AE", "%AF",
	"%B0", "%B1", "%B2", "%B3", "%B4", "%B5", "%B6", "%B7",
	"%B8", "%B9", "%BA", "%BB", "%BC", "%BD", "%BE", "%BF",
	"%C0", "%C1", "%C2", "%C3", "%C4", "%C5", "%C6", "%C7",
	"%C8", "%C9", "%CA", "%CB", "%CC", "%CD", "%CE", "%CF",
	"%D0", "%D1", "%D2", "%D3", "%D4", "%D5", "%D6", "%D7",
	"%D8", "%D9", "%DA", "%DB", "%DC", "%DD", "%DE", "%DF",
	"%E0", "%E1", "%E2", "%E3", "%E4", "%E5", "%E6", "%E7",
	"%E8", "%E9", "%EA", "%EB", "%EC", "%ED", "%EE", "%EF",
	"%F0", "%F1", "%F2", "%F3", "%F4", "%F5", "%F6", "%F7",
	"%F8", "%F9", "%FA", "%FB", "%FC", "%FD", "%FE", "%FF",
};

/* Bytes a JSON string cannot carry as they are: control characters, '"', '\\', and the
 * non-ASCII ones, whose UTF-8 must be checked. */
static const unsigned char json_special[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};
/* clang-format on */

static zend_always_inline char *put_form_byte(char *dst, unsigned char c)
{
	memcpy(dst, form_bytes[c], 4);
	return dst + (form_bytes[c][1] ? 3 : 1);
}

static void append_percent_encoded(smart_str *out, const char *data, size_t len)
{
	/* Worst case triples the length, plus the slack of the 4-byte stores. */
	char *start = smart_str_extend(out, len * 3 + 1);
	char *dst = start;

	for (size_t i = 0; i < len; i++) {
		dst = put_form_byte(dst, (unsigned char) data[i]);
	}
	ZSTR_LEN(out->s) -= (len * 3 + 1) - (size_t) (dst - start);
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

/* ---- JSON written percent-encoded ---- */

/* Nesting json_encode() accepts with its default depth. */
#define JSON_MAX_DEPTH PHP_JSON_PARSER_DEFAULT_DEPTH

typedef enum {
	JSON_FORM_OK,
	JSON_FORM_UTF8,
	JSON_FORM_OTHER, /* depth, recursion, INF/NAN, an object that refuses */
} json_form_error;

typedef struct {
	smart_str *out;
	int depth;
	json_form_error error;
} json_form;

/* Room for n more bytes; returns where they go. The caller sets the final length. */
static zend_always_inline char *reserve(smart_str *out, size_t n)
{
	smart_str_alloc(out, n, false);
	return ZSTR_VAL(out->s) + ZSTR_LEN(out->s);
}

static zend_always_inline void commit(smart_str *out, const char *end)
{
	ZSTR_LEN(out->s) = (size_t) (end - ZSTR_VAL(out->s));
}

static zend_always_inline char *put_percent(char *dst, unsigned char c)
{
	dst[0] = '%';
	dst[1] = hex_digits[c >> 4];
	dst[2] = hex_digits[c & 15];
	return dst + 3;
}

/* The JSON escape of c, percent-encoded: "\" is %5C, "u" is unreserved. */
static char *put_escape(char *dst, unsigned char c)
{
	dst = put_percent(dst, '\\');
	switch (c) {
		case '"':
		case '\\':
			return put_percent(dst, c);
		case '\b':
			*dst++ = 'b';
			return dst;
		case '\f':
			*dst++ = 'f';
			return dst;
		case '\n':
			*dst++ = 'n';
			return dst;
		case '\r':
			*dst++ = 'r';
			return dst;
		case '\t':
			*dst++ = 't';
			return dst;
		default:
			memcpy(dst, "u00", 3);
			dst[3] = "0123456789abcdef"[c >> 4];
			dst[4] = "0123456789abcdef"[c & 15];
			return dst + 5;
	}
}

/* A JSON string literal, with the punctuation before and after it (a member name's comma
 * and colon) if not 0. Every input byte takes at most 3 output bytes (plus one of slack for
 * the 4-byte stores) except the escapes, which reserve their own room. */
static zend_result put_json_string_between(json_form *jf, const char *str, size_t len, char before,
	char after)
{
	const unsigned char *p = (const unsigned char *) str;
	const unsigned char *end = p + len;
	smart_str *out = jf->out;
	char *dst = reserve(out, len * 3 + 16);

	if (before) {
		dst = put_percent(dst, (unsigned char) before);
	}
	dst = put_percent(dst, '"');
	while (p < end) {
		unsigned char c = *p;
		if (EXPECTED(!json_special[c])) {
			dst = put_form_byte(dst, c);
			p++;
		} else if (c < 0x80) {
			commit(out, dst);
			/* 8 output bytes at most, for the 1 reserved as 3 */
			dst = reserve(out, (size_t) (end - p) * 3 + 16);
			dst = put_escape(dst, c);
			p++;
		} else {
			/* The same well-formedness json_encode() checks; a cut sequence is malformed. */
			int seq = vtws_utf8_sequence(p, end);
			if (seq <= 0) {
				jf->error = JSON_FORM_UTF8;
				commit(out, dst);
				return FAILURE;
			}
			/* json_encode() escapes U+2028 and U+2029 even with unescaped Unicode. */
			if (seq == 3 && c == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
				dst = put_percent(dst, '\\');
				memcpy(dst, p[2] == 0xA8 ? "u2028" : "u2029", 5);
				dst += 5;
			} else {
				for (int i = 0; i < seq; i++) {
					dst = put_form_byte(dst, p[i]);
				}
			}
			p += seq;
		}
	}
	dst = put_percent(dst, '"');
	if (after) {
		dst = put_percent(dst, (unsigned char) after);
	}
	commit(out, dst);
	return SUCCESS;
}

static zend_result put_json_string(json_form *jf, const char *str, size_t len)
{
	return put_json_string_between(jf, str, len, 0, 0);
}

static zend_always_inline void put_structural(json_form *jf, char c)
{
	commit(jf->out, put_percent(reserve(jf->out, 3), (unsigned char) c));
}

/* Digits, '-', '.', 'e' are unreserved; '+' of an exponent is not. */
static void put_number_text(json_form *jf, const char *text, size_t len)
{
	append_percent_encoded(jf->out, text, len);
}

static void put_long(json_form *jf, zend_long value)
{
	char buf[MAX_LENGTH_OF_LONG + 1];
	char *end = buf + sizeof(buf) - 1;
	char *start = zend_print_long_to_buf(end, value);

	smart_str_appendl(jf->out, start, (size_t) (end - start));
}

static zend_result put_double(json_form *jf, double value)
{
	char text[ZEND_DOUBLE_MAX_LENGTH];

	if (!zend_finite(value)) {
		jf->error = JSON_FORM_OTHER;
		return FAILURE;
	}
	/* json_encode()'s own formatting: serialize_precision, lowercase exponent. */
	zend_gcvt(value, (int) PG(serialize_precision), '.', 'e', text);
	put_number_text(jf, text, strlen(text));
	return SUCCESS;
}

static zend_result put_json_value(json_form *jf, zval *value);

/* Objects (JsonSerializable, enums, property visibility) are left to ext/json. */
static zend_result put_json_object(json_form *jf, zval *value)
{
	smart_str json = {0};
	int options = PHP_JSON_UNESCAPED_UNICODE | PHP_JSON_UNESCAPED_SLASHES;

	if (php_json_encode_ex(&json, value, options, JSON_MAX_DEPTH - jf->depth) == FAILURE) {
		jf->error = JSON_G(error_code) == PHP_JSON_ERROR_UTF8 ? JSON_FORM_UTF8 : JSON_FORM_OTHER;
		JSON_G(error_code) = PHP_JSON_ERROR_NONE;
		smart_str_free(&json);
		return FAILURE;
	}
	if (json.s) {
		append_percent_encoded(jf->out, ZSTR_VAL(json.s), ZSTR_LEN(json.s));
	}
	smart_str_free(&json);
	return SUCCESS;
}

static zend_result put_json_members(json_form *jf, HashTable *ht, bool is_list)
{
	zend_string *key;
	zend_ulong index;
	zval *member;
	bool first = true; /* cppcheck-suppress variableScope ; it spans the loop's iterations */

	put_structural(jf, is_list ? '[' : '{');
	ZEND_HASH_FOREACH_KEY_VAL_IND(ht, index, key, member)
	{
		if (key && !is_list) {
			if (put_json_string_between(jf, ZSTR_VAL(key), ZSTR_LEN(key), first ? 0 : ',', ':') ==
				FAILURE) {
				return FAILURE;
			}
		} else {
			if (!first) {
				put_structural(jf, ',');
			}
			if (!is_list) {
				put_structural(jf, '"');
				put_long(jf, (zend_long) index);
				put_structural(jf, '"');
				put_structural(jf, ':');
			}
		}
		first = false;
		if (put_json_value(jf, member) == FAILURE) {
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	put_structural(jf, is_list ? ']' : '}');
	return SUCCESS;
}

static zend_result put_json_array(json_form *jf, HashTable *ht)
{
	if (++jf->depth > JSON_MAX_DEPTH) {
		jf->error = JSON_FORM_OTHER;
		return FAILURE;
	}
	if (GC_IS_RECURSIVE(ht)) {
		jf->error = JSON_FORM_OTHER;
		return FAILURE;
	}
	GC_TRY_PROTECT_RECURSION(ht);
	zend_result result = put_json_members(jf, ht, zend_array_is_list(ht));
	GC_TRY_UNPROTECT_RECURSION(ht);
	jf->depth--;
	return result;
}

static zend_result put_json_value(json_form *jf, zval *value)
{
	ZVAL_DEREF(value);
	switch (Z_TYPE_P(value)) {
		case IS_NULL:
			smart_str_appendl(jf->out, "null", 4);
			return SUCCESS;
		case IS_TRUE:
			smart_str_appendl(jf->out, "true", 4);
			return SUCCESS;
		case IS_FALSE:
			smart_str_appendl(jf->out, "false", 5);
			return SUCCESS;
		case IS_LONG:
			put_long(jf, Z_LVAL_P(value));
			return SUCCESS;
		case IS_DOUBLE:
			return put_double(jf, Z_DVAL_P(value));
		case IS_STRING:
			return put_json_string(jf, Z_STRVAL_P(value), Z_STRLEN_P(value));
		case IS_ARRAY:
			return put_json_array(jf, Z_ARRVAL_P(value));
		case IS_OBJECT:
			return put_json_object(jf, value);
		default:
			/* Resources: json_encode() refuses them too. */
			jf->error = JSON_FORM_OTHER;
			return FAILURE;
	}
}

zend_result vtws_form_add_json(smart_str *form, const char *name, zval *value)
{
	size_t mark = form->s ? ZSTR_LEN(form->s) : 0;
	json_form jf = {.out = form, .depth = 0, .error = JSON_FORM_OK};

	if (mark > 0) {
		smart_str_appendc(form, '&');
	}
	append_percent_encoded(form, name, strlen(name));
	smart_str_appendc(form, '=');
	if (put_json_value(&jf, value) == SUCCESS) {
		return SUCCESS;
	}
	ZSTR_LEN(form->s) = mark; /* nothing of a value that failed is sent */
	zend_value_error("Parameter \"%s\" cannot be sent as JSON: %s", name,
		jf.error == JSON_FORM_UTF8 ? "it contains invalid UTF-8" : "it cannot be encoded");
	return FAILURE;
}

static zend_string *json_text(const char *name, zval *value);

static zend_result add_json_value(smart_str *form, const char *name, zval *value)
{
	zend_string *json = json_text(name, value);

	if (!json) {
		return FAILURE;
	}
	vtws_form_add(form, name, ZSTR_VAL(json), ZSTR_LEN(json));
	zend_string_release(json);
	return SUCCESS;
}

zend_result vtws_form_add_value(smart_str *form, const char *name, zval *value)
{
	ZVAL_DEREF(value);
	switch (Z_TYPE_P(value)) {
		case IS_NULL:
			return SUCCESS;
		case IS_STRING:
			vtws_form_add(form, name, Z_STRVAL_P(value), Z_STRLEN_P(value));
			return SUCCESS;
		case IS_TRUE:
			vtws_form_add(form, name, "1", 1);
			return SUCCESS;
		case IS_FALSE:
			vtws_form_add(form, name, "0", 1);
			return SUCCESS;
		case IS_LONG:
		case IS_DOUBLE: {
			zend_string *text = zval_get_string(value);
			vtws_form_add(form, name, ZSTR_VAL(text), ZSTR_LEN(text));
			zend_string_release(text);
			return SUCCESS;
		}
		case IS_ARRAY:
			return vtws_form_add_json(form, name, value);
		case IS_OBJECT:
			return add_json_value(form, name, value);
		default:
			zend_type_error(
				"Parameter \"%s\" must be of type string|int|float|bool|array|null, %s given", name,
				zend_zval_type_name(value));
			return FAILURE;
	}
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
