/*
 * The Sync Connector value language: tokens, literals and format chains ("@lastsynctoken:M",
 * "$config.$fields.apikey|prefix:Bearer "), compiled once at load time and evaluated to PHP
 * values while requests are built.
 */
#ifndef VTWS_SYNC_VALUE_H
#define VTWS_SYNC_VALUE_H

#include "php.h"

typedef enum {
	SYNC_TOK_LITERAL = 0,
	SYNC_TOK_NONE, /* no source: a format chain applied to a value given by the caller */
	SYNC_TOK_LASTSYNCTOKEN,
	SYNC_TOK_LASTSYNCTOKEN_M,
	SYNC_TOK_LASTSYNCTOKEN_T,
	SYNC_TOK_SYNCMODULE,
	SYNC_TOK_CURRENTTIME,
	SYNC_TOK_RESPONSE,
	SYNC_TOK_ID,
	SYNC_TOK_RECORDS,
	SYNC_TOK_RECORD,
	SYNC_TOK_RECORD_PATH,
	SYNC_TOK_CONFIG,
} sync_token;

/* Where an expression may appear; a token outside its contexts is a load error. */
#define SYNC_CTX_PULL (1u << 0) /* pull request: url, headers, parameters */
#define SYNC_CTX_APPEND (1u << 1) /* appendfields request */
#define SYNC_CTX_PUSH (1u << 2) /* push request parameters */
#define SYNC_CTX_PROPERTY (1u << 3) /* push record properties */
#define SYNC_CTX_SERVICE (1u << 4) /* service url and auth: no per-request tokens */
#define SYNC_CTX_USE (1u << 5) /* response paths */
#define SYNC_CTX_ANY 0xffffu

typedef enum {
	SYNC_FMT_DATEFORMAT,
	SYNC_FMT_INT,
	SYNC_FMT_FLOAT,
	SYNC_FMT_STRING,
	SYNC_FMT_ARRAY,
	SYNC_FMT_JSON,
	SYNC_FMT_TRIM,
	SYNC_FMT_TIMESTAMP,
	SYNC_FMT_WRAP,
	SYNC_FMT_PREFIX,
	SYNC_FMT_SUFFIX,
	SYNC_FMT_JOIN,
	SYNC_FMT_SEPARATE,
	SYNC_FMT_ARRAY_VALUES,
} sync_format_kind;

typedef struct {
	sync_format_kind kind;
	zend_string *arg; /* NULL when the format has none */
} sync_format;

typedef struct {
	sync_token token;
	zend_string *text; /* literal text, @record path or config field name */
	uint32_t format_count;
	sync_format *formats;
} sync_expr;

/* What an expression can read while it is evaluated; unset members read as empty. */
typedef struct {
	HashTable *config; /* config field name => value */
	zend_long token;
	zend_string *syncmodule;
	zend_long now;
	zval *records;
	zval *record;
	zend_string *record_id;
	zval *response;
	zend_string *id;
} sync_eval_ctx;

/* Compiles source (the value) followed by the formats of extra (a format="..." attribute,
 * may be NULL). allowed: SYNC_CTX_* bits. On failure returns FAILURE with *error set to
 * an emalloc'd message; expr is then empty. */
zend_result sync_expr_compile(sync_expr *expr, const char *source, size_t len, const char *extra,
	unsigned allowed, char **error);

/* Compiles a format chain without a source (serviceformat). */
zend_result sync_formats_compile(sync_expr *expr, const char *chain, char **error);

void sync_expr_dtor(sync_expr *expr);

/* Whether the expression reads nothing from a run (literals and config only). */
bool sync_expr_is_static(const sync_expr *expr);

/* Evaluates into out (always set, even on FAILURE, which only follows an exception). */
zend_result sync_expr_eval(const sync_expr *expr, const sync_eval_ctx *ctx, zval *out);

/* Applies the formats of expr to value in place (serviceformat). */
zend_result sync_formats_apply(const sync_expr *expr, const sync_eval_ctx *ctx, zval *value);

/* ---- helpers shared with the engine ---- */

/* The value at a dotted path ("fields.address.city", digits index lists), NULL if absent. */
zval *sync_path_find(zval *root, const zend_string *path);

/* Sets value (ownership taken) at a dotted path, creating intermediate arrays. */
void sync_path_set(zval *root, const zend_string *path, zval *value);

/* Unix seconds of a date string read as UTC unless it names a zone; false if unparsable. */
bool sync_strtotime(const char *text, size_t len, zend_long now, zend_long *out);

/* gmdate(format, ts) */
zend_string *sync_gmdate(const char *format, size_t len, zend_long ts);

/* parseTime of the specification: ms above 10^11, seconds otherwise, dates via strtotime. */
bool sync_parse_time(const zval *value, zend_long now, zend_long *out);

/* truthy of the specification: true, non-zero numbers, "true", "1", "yes". */
bool sync_truthy(const zval *value);

/* JSON text with slashes and Unicode unescaped. */
zend_string *sync_json_encode(zval *value);

#endif
