/*
 * VTQL placeholder binding. Input: the statement, a newline, then the parameters as JSON
 * (decoded with PHP's parser; a non-list becomes a one-element list, bytes that are not
 * JSON a one-string list). Binding must give a statement or ValueError/TypeError. When
 * the statement itself has no quote or backslash, every literal in the result came from
 * a parameter, so Vtiger's lexer ('' is a quote) and MySQL's (which also honours \x
 * escapes) must see the same literals end at the same bytes: otherwise a value could
 * break out of its literal.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "src/vtql.h"
#include "zend_exceptions.h"

static zend_class_entry *allowed[3];

static void settle(zend_result rc)
{
	vtws_fuzz_expect(rc, allowed);
	if (EG(exception)) {
		zend_clear_exception();
	}
}

/* Index after the literal opening at s[start], or len + 1 when it never closes. */
static size_t literal_end(const char *s, size_t len, size_t start, bool backslash_escapes)
{
	size_t i = start + 1;
	while (i < len) {
		if (backslash_escapes && s[i] == '\\') {
			i += 2;
		} else if (s[i] == '\'' && i + 1 < len && s[i + 1] == '\'') {
			i += 2;
		} else if (s[i] == '\'') {
			return i + 1;
		} else {
			i++;
		}
	}
	return len + 1;
}

static bool lexers_agree(const zend_string *bound)
{
	const char *s = ZSTR_VAL(bound);
	size_t len = ZSTR_LEN(bound);
	size_t i = 0;

	while (i < len) {
		if (s[i] != '\'') {
			i++;
			continue;
		}
		size_t vtiger = literal_end(s, len, i, false);
		size_t mysql = literal_end(s, len, i, true);
		if (vtiger != mysql || vtiger > len) {
			return false;
		}
		i = vtiger;
	}
	return true;
}

static void params_from(zval *params, const char *data, size_t size)
{
	zval value;

	if (!vtws_fuzz_json(&value, data, size, false)) {
		ZVAL_STRINGL(&value, data, size);
	}
	if (Z_TYPE(value) == IS_ARRAY) {
		ZVAL_COPY_VALUE(params, &value);
		return;
	}
	array_init(params);
	add_next_index_zval(params, &value);
}

static void inspect(const zend_string *statement)
{
	vtws_vtql_shape shape;

	settle(vtws_vtql_inspect(statement, &shape));
	zend_string_release(vtws_vtql_terminate(statement));
	zend_string_release(vtws_vtql_strip_terminator(statement));
}

void vtws_fuzz_target(const char *data, size_t size)
{
	const char *newline = memchr(data, '\n', size);
	size_t statement_len = newline ? (size_t) (newline - data) : size;
	zend_string *statement = zend_string_init(data, statement_len, 0);
	zval params;

	allowed[0] = zend_ce_value_error;
	allowed[1] = zend_ce_type_error;
	if (newline) {
		params_from(&params, newline + 1, size - statement_len - 1);
	} else {
		array_init(&params);
	}
	zend_string *bound = vtws_vtql_bind(statement, Z_ARRVAL(params));
	settle(bound ? SUCCESS : FAILURE);
	if (bound) {
		if (!memchr(data, '\'', statement_len) && !memchr(data, '\\', statement_len) &&
			!lexers_agree(bound)) {
			fprintf(stderr, "fuzz: a bound value ends its literal early for one of the lexers\n");
			abort();
		}
		inspect(bound);
		zend_string_release(bound);
	}
	inspect(statement);
	zval_ptr_dtor(&params);
	zend_string_release(statement);
}
