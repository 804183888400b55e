/*
 * Decoding. PHP's own JSON parser is used through its C API: it validates syntax, depth
 * and UTF-8 strictly, and its scanner position gives the offset of an error.
 */
#include "decode.h"
#include "ext/json/php_json.h"
#include "ext/json/php_json_parser.h"

typedef struct {
	php_json_error_code code;
	size_t offset;
	bool at_end; /* the scanner ran into the end of the body */
} json_failure;

static zend_result parse_json(zval *out, const char *json, size_t len, json_failure *failure)
{
	php_json_parser parser;

	php_json_parser_init(&parser, out, json, len, PHP_JSON_OBJECT_AS_ARRAY,
		PHP_JSON_PARSER_DEFAULT_DEPTH);
	if (php_json_parse(&parser) == 0) {
		return SUCCESS;
	}
	failure->code = php_json_parser_error_code(&parser);
	failure->offset = (size_t) ((const char *) parser.scanner.token - json);
	if (failure->offset > len) {
		failure->offset = len;
	}
	/* A string cut off by the end of the body reads as a control character (the NUL
	 * terminator); the scanner's cursor tells the two apart. */
	failure->at_end = failure->offset >= len ||
		(failure->code == PHP_JSON_ERROR_CTRL_CHAR &&
			(size_t) ((const char *) parser.scanner.cursor - json) > len);
	ZVAL_NULL(out);
	return FAILURE;
}

static const char *json_failure_reason(const json_failure *failure, size_t len)
{
	if (failure->at_end && failure->code != PHP_JSON_ERROR_DEPTH &&
		failure->code != PHP_JSON_ERROR_UTF8) {
		return "the body ends early (truncated?)";
	}
	switch (failure->code) {
		case PHP_JSON_ERROR_DEPTH:
			return "nesting deeper than 512 levels";
		case PHP_JSON_ERROR_UTF8:
		case PHP_JSON_ERROR_UTF16:
			return "malformed UTF-8 or UTF-16";
		case PHP_JSON_ERROR_CTRL_CHAR:
			return "unexpected control character";
		case PHP_JSON_ERROR_INVALID_PROPERTY_NAME:
			return "invalid property name";
		default:
			return failure->offset >= len ? "the body ends early (truncated?)" : "syntax error";
	}
}

zend_result vtws_decode_or_throw(zval *out, const char *json, size_t len, const char *operation)
{
	json_failure failure;

	if (parse_json(out, json, len, &failure) == SUCCESS) {
		return SUCCESS;
	}
	vtws_error_context ctx = {.operation = operation, .body = json, .body_len = len};
	vtws_throw_protocol_error(&ctx, (zend_long) failure.offset, "%s: invalid JSON at byte %zu: %s",
		operation, failure.offset, json_failure_reason(&failure, len));
	return FAILURE;
}

static bool starts_like_html(const char *body, size_t len)
{
	size_t i = 0;
	while (i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
		i++;
	}
	return i < len && body[i] == '<';
}

/* Why a body that is not a JSON envelope failed, in words an operator can act on. */
static void throw_not_json(const vtws_error_context *ctx, const json_failure *failure)
{
	const char *op = ctx->operation;

	if (ctx->body_len == 0) {
		vtws_throw_protocol_error(ctx, 0, "%s: empty response body where JSON was expected", op);
	} else if (zend_memnstr(ctx->body, "{\"success\"", sizeof("{\"success\"") - 1,
				   ctx->body + ctx->body_len) != NULL &&
		failure->offset == 0) {
		vtws_throw_protocol_error(ctx, 0,
			"%s: the server printed PHP output (warnings or notices) before the JSON answer; "
			"turn display_errors off on the Vtiger server",
			op);
	} else if (starts_like_html(ctx->body, ctx->body_len)) {
		vtws_throw_protocol_error(ctx, (zend_long) failure->offset,
			"%s: HTML page instead of a JSON answer", op);
	} else {
		vtws_throw_protocol_error(ctx, (zend_long) failure->offset,
			"%s: invalid JSON at byte %zu: %s", op, failure->offset,
			json_failure_reason(failure, ctx->body_len));
	}
}

static vtws_envelope_status take_api_error(const vtws_error_context *ctx, zval *error_zv,
	vtws_api_error *error)
{
	zval *code = Z_TYPE_P(error_zv) == IS_ARRAY
		? zend_hash_str_find(Z_ARRVAL_P(error_zv), "code", 4)
		: NULL;
	zval *message = Z_TYPE_P(error_zv) == IS_ARRAY
		? zend_hash_str_find(Z_ARRVAL_P(error_zv), "message", 7)
		: NULL;

	if (!code || (Z_TYPE_P(code) != IS_STRING && Z_TYPE_P(code) != IS_LONG) ||
		(message && Z_TYPE_P(message) != IS_STRING)) {
		vtws_throw_protocol_error(ctx, -1,
			"%s: success is false but the error has no string or integer code", ctx->operation);
		return VTWS_ENVELOPE_INVALID;
	}
	ZVAL_COPY(&error->code, code);
	error->message = message ? zend_string_copy(Z_STR_P(message)) : ZSTR_EMPTY_ALLOC();
	return VTWS_ENVELOPE_API_ERROR;
}

static vtws_envelope_status take_envelope(const vtws_error_context *ctx, zval *doc, zval *result,
	vtws_api_error *error)
{
	zval *success = Z_TYPE_P(doc) == IS_ARRAY ? zend_hash_str_find(Z_ARRVAL_P(doc), "success", 7)
											  : NULL;

	if (!success || (Z_TYPE_P(success) != IS_TRUE && Z_TYPE_P(success) != IS_FALSE)) {
		vtws_throw_protocol_error(ctx, -1, "%s: JSON answer without a boolean \"success\" member",
			ctx->operation);
		return VTWS_ENVELOPE_INVALID;
	}
	if (Z_TYPE_P(success) == IS_FALSE) {
		zval *err = zend_hash_str_find(Z_ARRVAL_P(doc), "error", 5);
		zval none;
		ZVAL_NULL(&none);
		return take_api_error(ctx, err ? err : &none, error);
	}
	zval *value = zend_hash_str_find(Z_ARRVAL_P(doc), "result", 6);
	if (!value) {
		vtws_throw_protocol_error(ctx, -1, "%s: success without a \"result\" member",
			ctx->operation);
		return VTWS_ENVELOPE_INVALID;
	}
	ZVAL_COPY(result, value);
	return VTWS_ENVELOPE_SUCCESS;
}

vtws_envelope_status vtws_unwrap_envelope(const vtws_error_context *ctx, zval *result,
	vtws_api_error *error)
{
	zval doc;
	json_failure failure = {0};

	ZVAL_NULL(result);
	ZVAL_UNDEF(&error->code);
	error->message = NULL;
	if (ctx->body_len == 0 || parse_json(&doc, ctx->body, ctx->body_len, &failure) == FAILURE) {
		throw_not_json(ctx, &failure);
		return VTWS_ENVELOPE_INVALID;
	}
	vtws_envelope_status status = take_envelope(ctx, &doc, result, error);
	zval_ptr_dtor(&doc);
	return status;
}

void vtws_api_error_dtor(vtws_api_error *error)
{
	zval_ptr_dtor(&error->code);
	ZVAL_UNDEF(&error->code);
	if (error->message) {
		zend_string_release(error->message);
		error->message = NULL;
	}
}
