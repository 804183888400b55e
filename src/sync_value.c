/*
 * The value language of Sync Connector definitions: compilation checks every token and
 * format name once, so that a mistake surfaces at load time rather than mid-run.
 */
#include "sync_value.h"
#include "ext/standard/php_string.h"
#include "ext/json/php_json.h"
#include "ext/date/php_date.h"
#include "zend_smart_str.h"

typedef struct {
	const char *name;
	sync_token token;
	unsigned contexts;
} token_spec;

#define CTX_REQUEST (SYNC_CTX_PULL | SYNC_CTX_APPEND)
#define CTX_PUSH_ALL (SYNC_CTX_PUSH | SYNC_CTX_PROPERTY)

static const token_spec tokens[] = {
	{"@lastsynctoken", SYNC_TOK_LASTSYNCTOKEN, CTX_REQUEST},
	{"@lastsynctoken:M", SYNC_TOK_LASTSYNCTOKEN_M, CTX_REQUEST},
	{"@lastsynctoken:T", SYNC_TOK_LASTSYNCTOKEN_T, CTX_REQUEST},
	{"@lastsynctime", SYNC_TOK_LASTSYNCTOKEN, CTX_REQUEST},
	{"@lastsynctime:M", SYNC_TOK_LASTSYNCTOKEN_M, CTX_REQUEST},
	{"@lastsynctime:T", SYNC_TOK_LASTSYNCTOKEN_T, CTX_REQUEST},
	{"@syncmodule", SYNC_TOK_SYNCMODULE, CTX_REQUEST | CTX_PUSH_ALL | SYNC_CTX_SERVICE},
	{"@currenttime", SYNC_TOK_CURRENTTIME, SYNC_CTX_ANY},
	{"@response", SYNC_TOK_RESPONSE, SYNC_CTX_USE},
	{"@id", SYNC_TOK_ID, SYNC_CTX_APPEND},
	{"@records", SYNC_TOK_RECORDS, SYNC_CTX_PUSH},
	{"@record", SYNC_TOK_RECORD, CTX_PUSH_ALL},
};

typedef struct {
	const char *name;
	sync_format_kind kind;
	bool needs_arg;
} format_spec;

static const format_spec formats[] = {
	{"dateformat", SYNC_FMT_DATEFORMAT, true},
	{"int", SYNC_FMT_INT, false},
	{"float", SYNC_FMT_FLOAT, false},
	{"string", SYNC_FMT_STRING, false},
	{"array", SYNC_FMT_ARRAY, false},
	{"aray", SYNC_FMT_ARRAY, false}, /* spelling used in the vendor's documentation */
	{"json", SYNC_FMT_JSON, false},
	{"trim", SYNC_FMT_TRIM, false},
	{"timestamp", SYNC_FMT_TIMESTAMP, false},
	{"wrap", SYNC_FMT_WRAP, true},
	{"prefix", SYNC_FMT_PREFIX, true},
	{"suffix", SYNC_FMT_SUFFIX, true},
	{"join", SYNC_FMT_JOIN, true},
	{"separate", SYNC_FMT_SEPARATE, true},
	{"array_values", SYNC_FMT_ARRAY_VALUES, false},
};

#define CONFIG_PREFIX "$config.$fields."
#define RECORD_PATH_PREFIX "@record:"

static const char *context_names(unsigned contexts)
{
	if (contexts & SYNC_CTX_APPEND && !(contexts & SYNC_CTX_PULL)) {
		return "appendfields requests";
	}
	if (contexts & SYNC_CTX_PULL) {
		return "pull requests";
	}
	if (contexts & SYNC_CTX_PUSH) {
		return "push requests";
	}
	return "response paths";
}

static bool valid_name(const char *name, size_t len)
{
	if (len == 0) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		if (!isalnum((unsigned char) name[i]) && name[i] != '_') {
			return false;
		}
	}
	return true;
}

static zend_result compile_source(sync_expr *expr, const char *src, size_t len, unsigned allowed,
	char **error)
{
	if (len > sizeof(CONFIG_PREFIX) - 1 &&
		!strncmp(src, CONFIG_PREFIX, sizeof(CONFIG_PREFIX) - 1)) {
		const char *name = src + sizeof(CONFIG_PREFIX) - 1;
		size_t name_len = len - (sizeof(CONFIG_PREFIX) - 1);
		if (!valid_name(name, name_len)) {
			spprintf(error, 0, "invalid config field name in \"%.*s\"", (int) len, src);
			return FAILURE;
		}
		expr->token = SYNC_TOK_CONFIG;
		expr->text = zend_string_init(name, name_len, 0);
		return SUCCESS;
	}
	if (len == 0 || src[0] != '@') {
		expr->token = SYNC_TOK_LITERAL;
		expr->text = zend_string_init(src, len, 0);
		return SUCCESS;
	}
	if (len > sizeof(RECORD_PATH_PREFIX) - 1 &&
		!strncmp(src, RECORD_PATH_PREFIX, sizeof(RECORD_PATH_PREFIX) - 1)) {
		if (!(allowed & CTX_PUSH_ALL)) {
			spprintf(error, 0, "token \"@record\" cannot be used in %s", context_names(allowed));
			return FAILURE;
		}
		expr->token = SYNC_TOK_RECORD_PATH;
		expr->text = zend_string_init(src + sizeof(RECORD_PATH_PREFIX) - 1,
			len - (sizeof(RECORD_PATH_PREFIX) - 1), 0);
		return SUCCESS;
	}
	for (size_t i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++) {
		if (strlen(tokens[i].name) == len && !memcmp(tokens[i].name, src, len)) {
			if (!(tokens[i].contexts & allowed)) {
				spprintf(error, 0, "token \"%s\" cannot be used in %s", tokens[i].name,
					context_names(allowed));
				return FAILURE;
			}
			expr->token = tokens[i].token;
			return SUCCESS;
		}
	}
	spprintf(error, 0, "unknown token \"%.*s\"", (int) len, src);
	return FAILURE;
}

static zend_result compile_format(sync_format *format, const char *text, size_t len, char **error)
{
	const char *colon = memchr(text, ':', len);
	size_t name_len = colon ? (size_t) (colon - text) : len;

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strlen(formats[i].name) != name_len || memcmp(formats[i].name, text, name_len)) {
			continue;
		}
		format->kind = formats[i].kind;
		format->arg = NULL;
		if (colon) {
			format->arg = zend_string_init(colon + 1, len - name_len - 1, 0);
		}
		if (formats[i].needs_arg && (!format->arg || ZSTR_LEN(format->arg) == 0)) {
			if (format->arg) {
				zend_string_release(format->arg);
				format->arg = NULL;
			}
			spprintf(error, 0, "format \"%s\" needs an argument (%s:...)", formats[i].name,
				formats[i].name);
			return FAILURE;
		}
		return SUCCESS;
	}
	spprintf(error, 0, "unknown format \"%.*s\"", (int) name_len, text);
	return FAILURE;
}

/* Appends the "|"-separated formats of chain (without a leading "|"). */
static zend_result compile_chain(sync_expr *expr, const char *chain, size_t len, char **error)
{
	const char *end = chain + len;
	const char *p = chain;

	while (p <= end) {
		const char *bar = memchr(p, '|', end - p);
		const char *stop = bar ? bar : end;
		expr->formats = erealloc(expr->formats, sizeof(sync_format) * (expr->format_count + 1));
		if (compile_format(&expr->formats[expr->format_count], p, stop - p, error) == FAILURE) {
			return FAILURE;
		}
		expr->format_count++;
		if (!bar) {
			break;
		}
		p = bar + 1;
	}
	return SUCCESS;
}

zend_result sync_expr_compile(sync_expr *expr, const char *source, size_t len, const char *extra,
	unsigned allowed, char **error)
{
	const char *bar = memchr(source, '|', len);
	size_t source_len = bar ? (size_t) (bar - source) : len;

	memset(expr, 0, sizeof(*expr));
	*error = NULL;
	if (compile_source(expr, source, source_len, allowed, error) == FAILURE ||
		(bar && compile_chain(expr, bar + 1, len - source_len - 1, error) == FAILURE) ||
		(extra && *extra && compile_chain(expr, extra, strlen(extra), error) == FAILURE)) {
		sync_expr_dtor(expr);
		return FAILURE;
	}
	return SUCCESS;
}

zend_result sync_formats_compile(sync_expr *expr, const char *chain, char **error)
{
	memset(expr, 0, sizeof(*expr));
	expr->token = SYNC_TOK_NONE;
	*error = NULL;
	if (*chain && compile_chain(expr, chain, strlen(chain), error) == FAILURE) {
		sync_expr_dtor(expr);
		return FAILURE;
	}
	return SUCCESS;
}

void sync_expr_dtor(sync_expr *expr)
{
	if (expr->text) {
		zend_string_release(expr->text);
	}
	for (uint32_t i = 0; i < expr->format_count; i++) {
		if (expr->formats[i].arg) {
			zend_string_release(expr->formats[i].arg);
		}
	}
	if (expr->formats) {
		efree(expr->formats);
	}
	memset(expr, 0, sizeof(*expr));
}

bool sync_expr_is_static(const sync_expr *expr)
{
	return expr->token == SYNC_TOK_LITERAL || expr->token == SYNC_TOK_CONFIG;
}

/* ---- helpers ----------------------------------------------------------------------- */

zend_string *sync_json_encode(zval *value)
{
	smart_str buf = {0};

	php_json_encode(&buf, value,
		PHP_JSON_UNESCAPED_SLASHES | PHP_JSON_UNESCAPED_UNICODE | PHP_JSON_PARTIAL_OUTPUT_ON_ERROR);
	smart_str_0(&buf);
	return buf.s ? smart_str_extract(&buf) : ZSTR_EMPTY_ALLOC();
}

zend_string *sync_gmdate(const char *format, size_t len, zend_long ts)
{
	return php_format_date(format, len, (time_t) ts, false);
}

static zend_result call_named(const char *name, uint32_t argc, zval *args, zval *retval)
{
	zval fn;
	zend_result result;

	ZVAL_STRING(&fn, name);
	result = call_user_function(NULL, NULL, &fn, retval, argc, args);
	zval_ptr_dtor(&fn);
	return result;
}

bool sync_strtotime(const char *text, size_t len, zend_long now, zend_long *out)
{
	zval saved, utc, args[2], ret, ignored;
	bool ok = false;

	/* strtotime() reads zone-less dates in the default zone; the format fixes UTC, so the
	 * default is switched for the call and put back. */
	ZVAL_UNDEF(&saved);
	if (call_named("date_default_timezone_get", 0, NULL, &saved) == FAILURE ||
		Z_TYPE(saved) != IS_STRING) {
		zval_ptr_dtor(&saved);
		return false;
	}
	ZVAL_STRING(&utc, "UTC");
	call_named("date_default_timezone_set", 1, &utc, &ignored);
	zval_ptr_dtor(&ignored);
	zval_ptr_dtor(&utc);
	ZVAL_STRINGL(&args[0], text, len);
	ZVAL_LONG(&args[1], now);
	if (call_named("strtotime", 2, args, &ret) == SUCCESS && Z_TYPE(ret) == IS_LONG) {
		*out = Z_LVAL(ret);
		ok = true;
	}
	zval_ptr_dtor(&ret);
	zval_ptr_dtor(&args[0]);
	call_named("date_default_timezone_set", 1, &saved, &ignored);
	zval_ptr_dtor(&ignored);
	zval_ptr_dtor(&saved);
	return ok;
}

bool sync_parse_time(const zval *value, zend_long now, zend_long *out)
{
	double number;

	switch (Z_TYPE_P(value)) {
		case IS_LONG:
			number = (double) Z_LVAL_P(value);
			break;
		case IS_DOUBLE:
			number = Z_DVAL_P(value);
			break;
		case IS_STRING: {
			zend_long lval;
			double dval;
			uint8_t type = is_numeric_string(Z_STRVAL_P(value), Z_STRLEN_P(value), &lval, &dval,
				false);
			if (type == IS_LONG) {
				number = (double) lval;
				break;
			}
			if (type == IS_DOUBLE) {
				number = dval;
				break;
			}
			return Z_STRLEN_P(value) > 0 &&
				sync_strtotime(Z_STRVAL_P(value), Z_STRLEN_P(value), now, out);
		}
		default:
			return false;
	}
	if (number > 1e11) {
		number /= 1000.0;
	}
	*out = (zend_long) floor(number);
	return true;
}

bool sync_truthy(const zval *value)
{
	switch (Z_TYPE_P(value)) {
		case IS_TRUE:
			return true;
		case IS_LONG:
			return Z_LVAL_P(value) != 0;
		case IS_DOUBLE:
			return Z_DVAL_P(value) != 0.0;
		case IS_STRING:
			return zend_string_equals_literal_ci(Z_STR_P(value), "true") ||
				zend_string_equals_literal(Z_STR_P(value), "1") ||
				zend_string_equals_literal_ci(Z_STR_P(value), "yes");
		default:
			return false;
	}
}

static bool all_digits(const char *s, size_t len)
{
	if (len == 0) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char) s[i])) {
			return false;
		}
	}
	return true;
}

static zval *find_segment(zval *container, const char *seg, size_t len)
{
	ZVAL_DEREF(container);
	if (Z_TYPE_P(container) != IS_ARRAY) {
		return NULL;
	}
	if (all_digits(seg, len) && len < 19) {
		return zend_hash_index_find(Z_ARRVAL_P(container), ZEND_STRTOL(seg, NULL, 10));
	}
	return zend_symtable_str_find(Z_ARRVAL_P(container), seg, len);
}

zval *sync_path_find(zval *root, const zend_string *path)
{
	const char *p = ZSTR_VAL(path);
	const char *end = p + ZSTR_LEN(path);
	zval *current = root;

	if (ZSTR_LEN(path) == 0) {
		return root;
	}
	while (current) {
		const char *dot = memchr(p, '.', end - p);
		const char *stop = dot ? dot : end;
		current = find_segment(current, p, stop - p);
		if (!dot) {
			break;
		}
		p = dot + 1;
	}
	if (current) {
		ZVAL_DEREF(current);
	}
	return current;
}

void sync_path_set(zval *root, const zend_string *path, zval *value)
{
	const char *p = ZSTR_VAL(path);
	const char *end = p + ZSTR_LEN(path);
	zval *current = root;

	for (;;) {
		const char *dot = memchr(p, '.', end - p);
		const char *stop = dot ? dot : end;
		if (Z_TYPE_P(current) != IS_ARRAY) {
			zval_ptr_dtor(current);
			array_init(current);
		}
		SEPARATE_ARRAY(current);
		if (!dot) {
			zend_symtable_str_update(Z_ARRVAL_P(current), p, stop - p, value);
			return;
		}
		zval *next = zend_symtable_str_find(Z_ARRVAL_P(current), p, stop - p);
		if (!next) {
			zval empty;
			array_init(&empty);
			next = zend_symtable_str_update(Z_ARRVAL_P(current), p, stop - p, &empty);
		}
		current = next;
		p = dot + 1;
	}
}

/* ---- formats ----------------------------------------------------------------------- */

/* A string form for the text formats: arrays become their JSON text. */
static zend_string *text_of(zval *value)
{
	if (Z_TYPE_P(value) == IS_ARRAY) {
		return sync_json_encode(value);
	}
	return zval_get_string(value);
}

static void replace(zval *value, zval *with)
{
	zval_ptr_dtor(value);
	ZVAL_COPY_VALUE(value, with);
}

static void replace_str(zval *value, zend_string *with)
{
	zval_ptr_dtor(value);
	ZVAL_STR(value, with);
}

static bool numeric_value(zval *value, double *out)
{
	if (Z_TYPE_P(value) == IS_LONG) {
		*out = (double) Z_LVAL_P(value);
		return true;
	}
	if (Z_TYPE_P(value) == IS_DOUBLE) {
		*out = Z_DVAL_P(value);
		return true;
	}
	if (Z_TYPE_P(value) == IS_STRING) {
		zend_long l;
		double d;
		uint8_t type = is_numeric_string(Z_STRVAL_P(value), Z_STRLEN_P(value), &l, &d, false);
		if (type == IS_LONG) {
			*out = (double) l;
			return true;
		}
		if (type == IS_DOUBLE) {
			*out = d;
			return true;
		}
	}
	return false;
}

static void format_date(const sync_format *f, const sync_eval_ctx *ctx, zval *value)
{
	double number;
	zend_long ts;

	if (Z_TYPE_P(value) == IS_NULL || (Z_TYPE_P(value) == IS_STRING && Z_STRLEN_P(value) == 0)) {
		replace_str(value, ZSTR_EMPTY_ALLOC());
		return;
	}
	if (numeric_value(value, &number)) {
		ts = (zend_long) number;
	} else if (Z_TYPE_P(value) != IS_STRING ||
		!sync_strtotime(Z_STRVAL_P(value), Z_STRLEN_P(value), ctx->now, &ts)) {
		replace_str(value, ZSTR_EMPTY_ALLOC());
		return;
	}
	replace_str(value, sync_gmdate(ZSTR_VAL(f->arg), ZSTR_LEN(f->arg), ts));
}

static void format_timestamp(const sync_eval_ctx *ctx, zval *value)
{
	double number;
	zend_long ts;

	if (Z_TYPE_P(value) == IS_LONG || Z_TYPE_P(value) == IS_DOUBLE) {
		return;
	}
	if (numeric_value(value, &number)) {
		zval n;
		ZVAL_LONG(&n, (zend_long) number);
		replace(value, &n);
		return;
	}
	if (Z_TYPE_P(value) == IS_STRING && Z_STRLEN_P(value) > 0 &&
		sync_strtotime(Z_STRVAL_P(value), Z_STRLEN_P(value), ctx->now, &ts)) {
		zval n;
		ZVAL_LONG(&n, ts);
		replace(value, &n);
		return;
	}
	replace_str(value, ZSTR_EMPTY_ALLOC());
}

static void format_trim(zval *value)
{
	if (Z_TYPE_P(value) == IS_STRING) {
		replace_str(value, php_trim(Z_STR_P(value), NULL, 0, 3));
		return;
	}
	if (Z_TYPE_P(value) == IS_ARRAY) {
		zval *item;
		SEPARATE_ARRAY(value);
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(value), item) {
			ZVAL_DEREF(item);
			if (Z_TYPE_P(item) == IS_STRING) {
				replace_str(item, php_trim(Z_STR_P(item), NULL, 0, 3));
			}
		}
		ZEND_HASH_FOREACH_END();
	}
}

static void format_join(const sync_format *f, zval *value)
{
	smart_str buf = {0};
	zval *item;

	if (Z_TYPE_P(value) != IS_ARRAY) {
		return;
	}
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(value), item) {
		zend_string *text = text_of(item);
		/* buf.s exists from the first append on, even for an empty first element. */
		if (buf.s) {
			smart_str_append(&buf, f->arg);
		}
		smart_str_append(&buf, text);
		zend_string_release(text);
	}
	ZEND_HASH_FOREACH_END();
	smart_str_0(&buf);
	replace_str(value, buf.s ? smart_str_extract(&buf) : ZSTR_EMPTY_ALLOC());
}

static void format_separate(const sync_format *f, zval *value)
{
	zval parts;
	zend_string *text;

	if (Z_TYPE_P(value) == IS_ARRAY) {
		return;
	}
	text = zval_get_string(value);
	array_init(&parts);
	if (ZSTR_LEN(text) > 0) {
		php_explode(f->arg, text, &parts, ZEND_LONG_MAX);
	}
	zend_string_release(text);
	replace(value, &parts);
}

static void format_array_values(zval *value)
{
	zval list, *item;

	if (Z_TYPE_P(value) != IS_ARRAY) {
		return;
	}
	array_init_size(&list, zend_hash_num_elements(Z_ARRVAL_P(value)));
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(value), item) {
		Z_TRY_ADDREF_P(item);
		add_next_index_zval(&list, item);
	}
	ZEND_HASH_FOREACH_END();
	replace(value, &list);
}

static void format_affix(const sync_format *f, zval *value)
{
	zend_string *text = text_of(value);
	zend_string *result;

	switch (f->kind) {
		case SYNC_FMT_WRAP:
			result = zend_string_concat3(ZSTR_VAL(f->arg), ZSTR_LEN(f->arg), ZSTR_VAL(text),
				ZSTR_LEN(text), ZSTR_VAL(f->arg), ZSTR_LEN(f->arg));
			break;
		case SYNC_FMT_PREFIX:
			result = zend_string_concat2(ZSTR_VAL(f->arg), ZSTR_LEN(f->arg), ZSTR_VAL(text),
				ZSTR_LEN(text));
			break;
		default:
			result = zend_string_concat2(ZSTR_VAL(text), ZSTR_LEN(text), ZSTR_VAL(f->arg),
				ZSTR_LEN(f->arg));
			break;
	}
	zend_string_release(text);
	replace_str(value, result);
}

static void apply_format(const sync_format *f, const sync_eval_ctx *ctx, zval *value)
{
	zval tmp;

	switch (f->kind) {
		case SYNC_FMT_DATEFORMAT:
			format_date(f, ctx, value);
			break;
		case SYNC_FMT_INT:
			ZVAL_LONG(&tmp, zval_get_long(value));
			replace(value, &tmp);
			break;
		case SYNC_FMT_FLOAT:
			ZVAL_DOUBLE(&tmp, zval_get_double(value));
			replace(value, &tmp);
			break;
		case SYNC_FMT_STRING:
			replace_str(value, text_of(value));
			break;
		case SYNC_FMT_ARRAY:
			if (Z_TYPE_P(value) != IS_ARRAY) {
				array_init(&tmp);
				add_next_index_zval(&tmp, value);
				ZVAL_COPY_VALUE(value, &tmp);
			}
			break;
		case SYNC_FMT_JSON:
			if (Z_TYPE_P(value) == IS_ARRAY) {
				replace_str(value, sync_json_encode(value));
			}
			break;
		case SYNC_FMT_TRIM:
			format_trim(value);
			break;
		case SYNC_FMT_TIMESTAMP:
			format_timestamp(ctx, value);
			break;
		case SYNC_FMT_WRAP:
		case SYNC_FMT_PREFIX:
		case SYNC_FMT_SUFFIX:
			format_affix(f, value);
			break;
		case SYNC_FMT_JOIN:
			format_join(f, value);
			break;
		case SYNC_FMT_SEPARATE:
			format_separate(f, value);
			break;
		case SYNC_FMT_ARRAY_VALUES:
			format_array_values(value);
			break;
	}
}

zend_result sync_formats_apply(const sync_expr *expr, const sync_eval_ctx *ctx, zval *value)
{
	for (uint32_t i = 0; i < expr->format_count; i++) {
		apply_format(&expr->formats[i], ctx, value);
		if (EG(exception)) {
			return FAILURE;
		}
	}
	return SUCCESS;
}

/* ---- evaluation -------------------------------------------------------------------- */

static void copy_or_null(zval *out, zval *value)
{
	if (value) {
		ZVAL_COPY_DEREF(out, value);
	} else {
		ZVAL_NULL(out);
	}
}

static void eval_source(const sync_expr *expr, const sync_eval_ctx *ctx, zval *out)
{
	zval *found;

	switch (expr->token) {
		case SYNC_TOK_LITERAL:
			ZVAL_STR_COPY(out, expr->text);
			break;
		case SYNC_TOK_NONE:
			ZVAL_NULL(out);
			break;
		case SYNC_TOK_LASTSYNCTOKEN:
			ZVAL_LONG(out, ctx->token);
			break;
		case SYNC_TOK_LASTSYNCTOKEN_M:
			ZVAL_LONG(out, ctx->token * 1000);
			break;
		case SYNC_TOK_LASTSYNCTOKEN_T:
			ZVAL_STR(out, sync_gmdate("Y-m-d\\TH:i:s", sizeof("Y-m-d\\TH:i:s") - 1, ctx->token));
			break;
		case SYNC_TOK_SYNCMODULE:
			if (ctx->syncmodule) {
				ZVAL_STR_COPY(out, ctx->syncmodule);
			} else {
				ZVAL_EMPTY_STRING(out);
			}
			break;
		case SYNC_TOK_CURRENTTIME:
			ZVAL_LONG(out, ctx->now);
			break;
		case SYNC_TOK_RESPONSE:
			copy_or_null(out, ctx->response);
			break;
		case SYNC_TOK_ID:
			if (ctx->id) {
				ZVAL_STR_COPY(out, ctx->id);
			} else {
				ZVAL_EMPTY_STRING(out);
			}
			break;
		case SYNC_TOK_RECORDS:
			if (ctx->records) {
				ZVAL_COPY_DEREF(out, ctx->records);
			} else {
				array_init(out);
			}
			break;
		case SYNC_TOK_RECORD:
			if (ctx->record) {
				ZVAL_COPY_DEREF(out, ctx->record);
			} else {
				array_init(out);
			}
			break;
		case SYNC_TOK_RECORD_PATH:
			if (zend_string_equals_literal(expr->text, "id")) {
				if (ctx->record_id) {
					ZVAL_STR_COPY(out, ctx->record_id);
				} else {
					ZVAL_EMPTY_STRING(out);
				}
				break;
			}
			copy_or_null(out, ctx->record ? sync_path_find(ctx->record, expr->text) : NULL);
			break;
		case SYNC_TOK_CONFIG:
			found = ctx->config ? zend_hash_find(ctx->config, expr->text) : NULL;
			if (found) {
				ZVAL_STR(out, zval_get_string(found));
			} else {
				ZVAL_EMPTY_STRING(out);
			}
			break;
	}
}

zend_result sync_expr_eval(const sync_expr *expr, const sync_eval_ctx *ctx, zval *out)
{
	eval_source(expr, ctx, out);
	return sync_formats_apply(expr, ctx, out);
}
