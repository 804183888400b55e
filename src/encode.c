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

/* clang-format off */
/* Each byte as it appears in a form body, itself when unreserved (RFC 3986), else %XX, as one
 * word: the encoded bytes first (in memory order), the length in the top byte, so that a
 * 4-byte store and an add write any byte. In json_form_codes the bytes a JSON string cannot
 * carry as they are (control characters, '"', '\\', and the non-ASCII ones, whose UTF-8 must
 * be checked) have length 0 instead. */
#define HEX_UPPER(n) ((uint32_t) ((n) < 10 ? '0' + (n) : 'A' + (n) - 10))
#define IS_UNRESERVED(c) \
	(((c) >= 'A' && (c) <= 'Z') || ((c) >= 'a' && (c) <= 'z') || ((c) >= '0' && (c) <= '9') || \
		(c) == '-' || (c) == '.' || (c) == '_' || (c) == '~')
#define JSON_SPECIAL(c) ((c) < 0x20 || (c) == '"' || (c) == '\\' || (c) >= 0x80)
#ifdef WORDS_BIGENDIAN
#define PACK_CODE(b0, b1, b2, len) ((b0) << 24 | (b1) << 16 | (b2) << 8 | (uint32_t) (len))
#define CODE_LENGTH(code) ((code) &0xFF)
#else
#define PACK_CODE(b0, b1, b2, len) ((b0) | (b1) << 8 | (b2) << 16 | (uint32_t) (len) << 24)
#define CODE_LENGTH(code) ((code) >> 24)
#endif
#define FORM_CODE(c) \
	(IS_UNRESERVED(c) ? PACK_CODE((uint32_t) (c), 0U, 0U, 1) \
					  : PACK_CODE((uint32_t) '%', HEX_UPPER((c) >> 4), HEX_UPPER((c) &15), 3))
#define JSON_FORM_CODE(c) (JSON_SPECIAL(c) ? (FORM_CODE(c) & ~PACK_CODE(0U, 0U, 0U, 0xFF)) : FORM_CODE(c))
#define CODES4(f, c) f(c), f((c) + 1), f((c) + 2), f((c) + 3)
#define CODES16(f, c) CODES4(f, c), CODES4(f, (c) + 4), CODES4(f, (c) + 8), CODES4(f, (c) + 12)
#define CODES64(f, c) CODES16(f, c), CODES16(f, (c) + 16), CODES16(f, (c) + 32), CODES16(f, (c) + 48)
#define CODES256(f) CODES64(f, 0), CODES64(f, 64), CODES64(f, 128), CODES64(f, 192)

/* In text known to be valid UTF-8, only 0xE2 needs a look (U+2028 and U+2029 start with it). */
#define VALID_JSON_FORM_CODE(c) ((c) >= 0x80 && (c) != 0xE2 ? FORM_CODE(c) : JSON_FORM_CODE(c))

/* The macros compare constants: what cppcheck sees as always true is the table being built. */
/* cppcheck-suppress comparisonError */
static const uint32_t form_codes[256] = {CODES256(FORM_CODE)};
/* cppcheck-suppress comparisonError */
static const uint32_t json_form_codes[256] = {CODES256(JSON_FORM_CODE)};
/* cppcheck-suppress comparisonError */
static const uint32_t valid_json_form_codes[256] = {CODES256(VALID_JSON_FORM_CODE)};
/* clang-format on */

/* Writes 4 bytes, advances by 1 or 3: callers reserve one byte of slack. */
static zend_always_inline char *put_code(char *dst, uint32_t code)
{
	memcpy(dst, &code, 4);
	return dst + CODE_LENGTH(code);
}

static zend_always_inline char *put_form_byte(char *dst, unsigned char c)
{
	return put_code(dst, form_codes[c]);
}

/* Encodes bytes from p while codes gives them a length, four at a time while four in a row
 * have one (every length, 1 or 3, has its low bit set), so that one branch serves four bytes.
 * Stops at end or at a byte whose code has length 0. dst has room for 3 bytes per input byte
 * plus 1. Wider (SIMD) scans lose here: runs of unreserved bytes in field values are short,
 * and a data-dependent advance puts the scan on the critical path. */
static zend_always_inline const unsigned char *put_plain(const uint32_t *codes,
	const unsigned char *p, const unsigned char *end, char **dst_p)
{
	char *dst = *dst_p;

	while (end - p >= 4) {
		uint32_t c0 = codes[p[0]], c1 = codes[p[1]], c2 = codes[p[2]], c3 = codes[p[3]];
		if ((CODE_LENGTH(c0 & c1 & c2 & c3) & 1) == 0) {
			break;
		}
		dst = put_code(dst, c0);
		dst = put_code(dst, c1);
		dst = put_code(dst, c2);
		dst = put_code(dst, c3);
		p += 4;
	}
	while (p < end) {
		uint32_t code = codes[*p];
		if (CODE_LENGTH(code) == 0) {
			break;
		}
		dst = put_code(dst, code);
		p++;
	}
	*dst_p = dst;
	return p;
}

static void append_percent_encoded(smart_str *out, const char *data, size_t len)
{
	/* Worst case triples the length, plus the slack of the 4-byte stores. */
	char *start = smart_str_extend(out, len * 3 + 1);
	char *dst = start;

	put_plain(form_codes, (const unsigned char *) data, (const unsigned char *) data + len, &dst);
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

/* Length of the UTF-8 sequence that lead starts, in text known to be well-formed. */
static zend_always_inline int known_sequence_length(unsigned char lead)
{
	return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
}

/* A JSON string literal, with the punctuation before and after it (a member name's comma
 * and colon) if not 0. Every input byte takes at most 3 output bytes (plus one of slack for
 * the 4-byte stores) except the escapes, which reserve their own room. The UTF-8 check that
 * json_encode() makes is skipped for strings the engine knows to be valid (checked before by
 * PCRE or by an earlier call), and remembered for the others. */
static zend_result put_json_string_between(json_form *jf, zend_string *str, char before, char after)
{
	const unsigned char *p = (const unsigned char *) ZSTR_VAL(str);
	const unsigned char *end = p + ZSTR_LEN(str);
	bool known_valid = (GC_FLAGS(str) & IS_STR_VALID_UTF8) != 0;
	bool checked = false;
	smart_str *out = jf->out;
	char *dst = reserve(out, ZSTR_LEN(str) * 3 + 16);

	if (before) {
		dst = put_percent(dst, (unsigned char) before);
	}
	dst = put_percent(dst, '"');
	for (;;) {
		p = put_plain(known_valid ? valid_json_form_codes : json_form_codes, p, end, &dst);
		if (p >= end) {
			break;
		}
		unsigned char c = *p;
		if (c < 0x80) {
			commit(out, dst);
			/* 8 output bytes at most, for the 1 reserved as 3 */
			dst = reserve(out, (size_t) (end - p) * 3 + 16);
			dst = put_escape(dst, c);
			p++;
			continue;
		}
		/* Near the end, or for strings not known valid, the full check: never read past it. */
		int seq = known_valid && end - p >= 4 ? known_sequence_length(c)
											  : vtws_utf8_sequence(p, end);
		if (seq <= 0) {
			/* The same well-formedness json_encode() checks; a cut sequence is malformed. */
			jf->error = JSON_FORM_UTF8;
			commit(out, dst);
			return FAILURE;
		}
		checked = true;
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
	dst = put_percent(dst, '"');
	if (after) {
		dst = put_percent(dst, (unsigned char) after);
	}
	commit(out, dst);
	if (checked && !known_valid && !ZSTR_IS_INTERNED(str)) {
		GC_ADD_FLAGS(str, IS_STR_VALID_UTF8);
	}
	return SUCCESS;
}

static zend_result put_json_string(json_form *jf, zend_string *str)
{
	return put_json_string_between(jf, str, 0, 0);
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

/* Powers of ten that are exact doubles. */
static const double exact_powers_of_ten[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17};

/* Decimals below this are found exactly by scaling: a double close to an integer under 1e15
 * rounds to it (the error of one multiplication stays below 0.5). */
#define SHORT_DECIMAL_LIMIT 1e15

/* The shortest round-trip text of value as json_encode() writes it with serialize_precision
 * -1, for the common case of a value with few decimals (prices, quantities, percentages):
 * the fewest decimals k such that round(|value| * 10^k) / 10^k gives value back. The
 * division of two exact doubles is correctly rounded, as reading the decimal text back is,
 * so that test is exact, and no text with fewer digits exists when no smaller k passes.
 * Values outside [0.001, 1e15), zero, and those needing more digits return 0 and go to
 * zend_gcvt(), which also writes the exponent forms. */
static size_t put_short_decimal(double value, char *text)
{
	double magnitude = fabs(value);

	if (!(magnitude >= 0.001 && magnitude < SHORT_DECIMAL_LIMIT)) {
		return 0;
	}
	for (size_t k = 0; k < sizeof(exact_powers_of_ten) / sizeof(double); k++) {
		double scaled = magnitude * exact_powers_of_ten[k];
		if (scaled >= SHORT_DECIMAL_LIMIT) {
			return 0;
		}
		double digits_value = floor(scaled + 0.5);
		if (digits_value / exact_powers_of_ten[k] != magnitude) {
			continue;
		}
		char digits[24];
		char *digits_end = digits + sizeof(digits) - 1; /* the terminator goes at the end */
		char *first = zend_print_ulong_to_buf(digits_end, (zend_ulong) digits_value);
		size_t count = (size_t) (digits_end - first);
		char *out = text;
		if (value < 0) {
			*out++ = '-';
		}
		if (count <= k) {
			/* 0.05: a zero, the point, the zeros after it */
			*out++ = '0';
			*out++ = '.';
			memset(out, '0', k - count);
			out += k - count;
			memcpy(out, first, count);
			out += count;
		} else {
			memcpy(out, first, count - k);
			out += count - k;
			if (k > 0) {
				*out++ = '.';
				memcpy(out, first + count - k, k);
				out += k;
			}
		}
		return (size_t) (out - text);
	}
	return 0;
}

static zend_result put_double(json_form *jf, double value)
{
	char text[ZEND_DOUBLE_MAX_LENGTH];
	size_t len = 0;

	if (!zend_finite(value)) {
		jf->error = JSON_FORM_OTHER;
		return FAILURE;
	}
	if (PG(serialize_precision) == -1) {
		len = put_short_decimal(value, text);
	}
	if (len == 0) {
		/* json_encode()'s own formatting: serialize_precision, lowercase exponent. */
		zend_gcvt(value, (int) PG(serialize_precision), '.', 'e', text);
		len = strlen(text);
	}
	put_number_text(jf, text, len);
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
			if (put_json_string_between(jf, key, first ? 0 : ',', ':') == FAILURE) {
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
			return put_json_string(jf, Z_STR_P(value));
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
