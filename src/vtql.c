/*
 * VTQL binding. Vtiger's lexer reads a quoted literal as '...' with '' for a quote, and
 * copies it into MySQL verbatim, where a backslash is an escape. So a value is safe when
 * every ' is doubled and every \ is doubled: neither the lexer nor MySQL can then see the
 * literal end early (verified against a real 8.0 server, see the fixtures README).
 */
#include "vtql.h"
#include "zend_smart_str.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "ext/date/php_date.h"

static void append_quoted(smart_str *out, const char *s, size_t len)
{
	smart_str_appendc(out, '\'');
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
			case '\'':
				smart_str_appendl(out, "''", 2);
				break;
			case '\\':
				smart_str_appendl(out, "\\\\", 2);
				break;
			case '\0':
				smart_str_appendl(out, "\\0", 2);
				break;
			default:
				smart_str_appendc(out, s[i]);
		}
	}
	smart_str_appendc(out, '\'');
}

static zend_result append_scalar(smart_str *out, zval *value, uint32_t position);

static zend_result append_list(smart_str *out, HashTable *list, uint32_t position)
{
	zval *item;
	uint32_t index = 0; /* cppcheck-suppress variableScope ; used across the loop macro */

	if (zend_hash_num_elements(list) == 0) {
		zend_value_error("Parameter %u is an empty array; VTQL has no empty IN () list", position);
		return FAILURE;
	}
	smart_str_appendc(out, '(');
	ZEND_HASH_FOREACH_VAL(list, item) {
		ZVAL_DEREF(item);
		if (Z_TYPE_P(item) == IS_ARRAY) {
			zend_type_error("Parameter %u: nested arrays cannot be bound", position);
			return FAILURE;
		}
		if (index++ > 0) {
			smart_str_appendc(out, ',');
		}
		if (append_scalar(out, item, position) == FAILURE) {
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	smart_str_appendc(out, ')');
	return SUCCESS;
}

static void append_datetime(smart_str *out, zval *value)
{
	/* Vtiger stores and compares datetimes as 'Y-m-d H:i:s' in the database time zone,
	 * which is UTC on a stock install. */
	php_date_obj *date = Z_PHPDATE_P(value);
	zend_string *text = php_format_date("Y-m-d H:i:s", sizeof("Y-m-d H:i:s") - 1, date->time->sse,
		false);
	append_quoted(out, ZSTR_VAL(text), ZSTR_LEN(text));
	zend_string_release(text);
}

static zend_result append_scalar(smart_str *out, zval *value, uint32_t position)
{
	switch (Z_TYPE_P(value)) {
		case IS_STRING:
			if (Z_STRLEN_P(value) == 0) {
				zend_value_error("Parameter %u is an empty string; Vtiger's VTQL lexer rejects ''",
					position);
				return FAILURE;
			}
			append_quoted(out, Z_STRVAL_P(value), Z_STRLEN_P(value));
			return SUCCESS;
		case IS_LONG:
			smart_str_append_long(out, Z_LVAL_P(value));
			return SUCCESS;
		case IS_DOUBLE: {
			/* VTQL has no decimal token: a decimal must travel as a quoted literal. */
			if (!zend_finite(Z_DVAL_P(value))) {
				zend_value_error("Parameter %u is not a finite number", position);
				return FAILURE;
			}
			smart_str tmp = {0};
			smart_str_append_double(&tmp, Z_DVAL_P(value), (int) PG(serialize_precision), false);
			smart_str_0(&tmp);
			append_quoted(out, ZSTR_VAL(tmp.s), ZSTR_LEN(tmp.s));
			smart_str_free(&tmp);
			return SUCCESS;
		}
		case IS_TRUE:
			smart_str_appendc(out, '1');
			return SUCCESS;
		case IS_FALSE:
			smart_str_appendc(out, '0');
			return SUCCESS;
		case IS_OBJECT:
			if (instanceof_function(Z_OBJCE_P(value), php_date_get_interface_ce())) {
				append_datetime(out, value);
				return SUCCESS;
			}
			ZEND_FALLTHROUGH;
		default:
			zend_type_error(
				"Parameter %u must be of type string|int|float|bool|array|DateTimeInterface, %s given",
				position, zend_zval_type_name(value));
			return FAILURE;
	}
}

static zend_result append_param(smart_str *out, zval *value, uint32_t position)
{
	ZVAL_DEREF(value);
	if (Z_TYPE_P(value) == IS_NULL) {
		zend_value_error("Parameter %u is null; VTQL cannot compare with NULL", position);
		return FAILURE;
	}
	if (Z_TYPE_P(value) == IS_ARRAY) {
		return append_list(out, Z_ARRVAL_P(value), position);
	}
	return append_scalar(out, value, position);
}

/* Copies a quoted literal starting at s[i] == '\'' and returns the index after it. */
static size_t copy_literal(smart_str *out, const char *s, size_t len, size_t i)
{
	size_t start = i++;
	while (i < len) {
		if (s[i] == '\'' && i + 1 < len && s[i + 1] == '\'') {
			i += 2;
		} else if (s[i] == '\'') {
			i++;
			break;
		} else {
			i++;
		}
	}
	smart_str_appendl(out, s + start, i - start);
	return i;
}

zend_string *vtws_vtql_bind(const zend_string *vtql, const HashTable *params)
{
	const char *s = ZSTR_VAL(vtql);
	size_t len = ZSTR_LEN(vtql);
	uint32_t count = zend_hash_num_elements(params);
	uint32_t used = 0;
	smart_str out = {0};
	HashPosition pos;

	zend_hash_internal_pointer_reset_ex((HashTable *) params, &pos);
	for (size_t i = 0; i < len;) {
		if (s[i] == '\'') {
			i = copy_literal(&out, s, len, i);
			continue;
		}
		if (s[i] != '?') {
			smart_str_appendc(&out, s[i++]);
			continue;
		}
		zval *value = zend_hash_get_current_data_ex((HashTable *) params, &pos);
		if (!value) {
			zend_value_error("The query has more ? placeholders than the %u parameters given",
				count);
			smart_str_free(&out);
			return NULL;
		}
		if (append_param(&out, value, ++used) == FAILURE) {
			smart_str_free(&out);
			return NULL;
		}
		zend_hash_move_forward_ex((HashTable *) params, &pos);
		i++;
	}
	if (used != count) {
		zend_value_error("The query has %u ? placeholders but %u parameters were given", used,
			count);
		smart_str_free(&out);
		return NULL;
	}
	smart_str_0(&out);
	return out.s ? out.s : ZSTR_EMPTY_ALLOC();
}

static size_t trimmed_length(const char *s, size_t len)
{
	while (len > 0 &&
		(s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n' ||
			s[len - 1] == ';')) {
		len--;
	}
	return len;
}

zend_string *vtws_vtql_strip_terminator(const zend_string *vtql)
{
	return zend_string_init(ZSTR_VAL(vtql), trimmed_length(ZSTR_VAL(vtql), ZSTR_LEN(vtql)), 0);
}

zend_string *vtws_vtql_terminate(const zend_string *vtql)
{
	size_t len = trimmed_length(ZSTR_VAL(vtql), ZSTR_LEN(vtql));
	zend_string *out = zend_string_alloc(len + 1, 0);

	memcpy(ZSTR_VAL(out), ZSTR_VAL(vtql), len);
	ZSTR_VAL(out)[len] = ';';
	ZSTR_VAL(out)[len + 1] = '\0';
	return out;
}

/* Word tokenizer over the statement, skipping quoted literals. */
typedef struct {
	const char *s;
	size_t len;
	size_t pos;
} word_cursor;

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Next token: a word, a number with sign, or one punctuation byte. Returns false at end. */
static bool next_token(word_cursor *c, size_t *start, size_t *len)
{
	const char *s = c->s;
	while (c->pos < c->len) {
		char ch = s[c->pos];
		if (ch == '\'') {
			c->pos++;
			while (c->pos < c->len) {
				if (s[c->pos] == '\'' && c->pos + 1 < c->len && s[c->pos + 1] == '\'') {
					c->pos += 2;
				} else if (s[c->pos++] == '\'') {
					break;
				}
			}
			continue;
		}
		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
			c->pos++;
			continue;
		}
		*start = c->pos;
		if (is_word_char(ch)) {
			while (c->pos < c->len && is_word_char(s[c->pos])) {
				c->pos++;
			}
		} else {
			c->pos++;
		}
		*len = c->pos - *start;
		return true;
	}
	return false;
}

static bool token_is(const word_cursor *c, size_t start, size_t len, const char *word)
{
	return len == strlen(word) && strncasecmp(c->s + start, word, len) == 0;
}

static bool parse_number(const char *s, size_t len, zend_long *out)
{
	zend_long value = 0;
	if (len == 0 || len > 18) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return false;
		}
		value = value * 10 + (s[i] - '0');
	}
	*out = value;
	return true;
}

static zend_result read_limit(word_cursor *c, vtws_vtql_shape *shape)
{
	size_t start, len;
	zend_long first, second;

	if (!next_token(c, &start, &len) || !parse_number(c->s + start, len, &first)) {
		zend_value_error("LIMIT must be followed by a number");
		return FAILURE;
	}
	shape->limit_count = first;
	if (next_token(c, &start, &len) && c->s[start] == ',') {
		if (!next_token(c, &start, &len) || !parse_number(c->s + start, len, &second)) {
			zend_value_error("LIMIT m, n needs a number after the comma");
			return FAILURE;
		}
		shape->limit_offset = first;
		shape->limit_count = second;
	}
	return SUCCESS;
}

zend_result vtws_vtql_inspect(const zend_string *vtql, vtws_vtql_shape *shape)
{
	word_cursor c = {ZSTR_VAL(vtql), ZSTR_LEN(vtql), 0};
	size_t start, len, previous_start = 0, previous_len = 0;
	bool first = true;

	memset(shape, 0, sizeof(*shape));
	while (next_token(&c, &start, &len)) {
		if (token_is(&c, start, len, "count") && previous_len > 0 &&
			token_is(&c, previous_start, previous_len, "select")) {
			shape->is_count = true;
		}
		if (token_is(&c, start, len, "by") && !first &&
			token_is(&c, previous_start, previous_len, "order")) {
			shape->has_order_by = true;
		}
		if (shape->module_len == 0 && previous_len > 0 &&
			token_is(&c, previous_start, previous_len, "from") && is_word_char(c.s[start])) {
			shape->module_start = start;
			shape->module_len = len;
		}
		if (token_is(&c, start, len, "limit")) {
			shape->has_limit = true;
			shape->limit_start = start;
			return read_limit(&c, shape);
		}
		previous_start = start;
		previous_len = len;
		first = false;
	}
	return SUCCESS;
}
