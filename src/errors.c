/*
 * Exceptions: construction with context, and the accessor methods.
 */
#include "errors.h"
#include "utf8.h"
#include "zend_exceptions.h"
#include "zend_smart_str.h"
#include "ext/standard/php_string.h"

zend_class_entry *vtws_ce_exception;
zend_class_entry *vtws_ce_api_exception;
zend_class_entry *vtws_ce_transport_exception;
zend_class_entry *vtws_ce_protocol_exception;
zend_class_entry *vtws_ce_conflict_exception;

static void append_excerpt_char(smart_str *out, const unsigned char *p, size_t n, bool *in_space)
{
	if (n == 1 && (p[0] <= 0x20 || p[0] == 0x7F)) {
		/* Bodies are often multi-line HTML: fold every run of control/space into one blank. */
		if (!*in_space && out->s && ZSTR_LEN(out->s) > 0) {
			smart_str_appendc(out, ' ');
		}
		*in_space = true;
		return;
	}
	*in_space = false;
	smart_str_appendl(out, (const char *) p, n);
}

static zend_string *excerpt_of(const char *body, size_t len)
{
	smart_str out = {0};
	const unsigned char *p = (const unsigned char *) body;
	bool in_space = false;
	size_t i = 0;

	while (i < len) {
		if (out.s && ZSTR_LEN(out.s) >= VTWS_EXCERPT_MAX) {
			smart_str_appends(&out, "...");
			break;
		}
		int n = p[i] < 0x80 ? 1 : vtws_utf8_sequence(p + i, p + len);
		if (n <= 0) {
			smart_str_appends(&out, "\xEF\xBF\xBD"); /* U+FFFD keeps the message valid UTF-8 */
			i++;
			in_space = false;
			continue;
		}
		append_excerpt_char(&out, p + i, n, &in_space);
		i += n;
	}
	if (!out.s) {
		return ZSTR_EMPTY_ALLOC();
	}
	smart_str_0(&out);
	return out.s;
}

zend_string *vtws_body_excerpt(const char *body, size_t len, const zend_string *secret)
{
	zend_string *excerpt = excerpt_of(body, len);

	if (secret && ZSTR_LEN(secret) > 0 && ZSTR_LEN(excerpt) >= ZSTR_LEN(secret)) {
		zend_string *masked = php_str_to_str(ZSTR_VAL(excerpt), ZSTR_LEN(excerpt), ZSTR_VAL(secret),
			ZSTR_LEN(secret), "***", 3);
		zend_string_release(excerpt);
		return masked;
	}
	return excerpt;
}

static zend_object *new_exception(zend_class_entry *ce, const char *message)
{
	zval ex;

	object_init_ex(&ex, ce);
	zend_update_property_string(zend_ce_exception, Z_OBJ(ex), "message", sizeof("message") - 1,
		message);
	return Z_OBJ(ex);
}

static void throw_object(zend_object *ex)
{
	zval zex;
	ZVAL_OBJ(&zex, ex);
	zend_throw_exception_object(&zex);
}

static void set_string_property(zend_object *ex, const char *name, const char *value)
{
	zend_update_property_string(ex->ce, ex, name, strlen(name), value ? value : "");
}

static void set_long_property(zend_object *ex, const char *name, zend_long value)
{
	zend_update_property_long(ex->ce, ex, name, strlen(name), value);
}

void vtws_throw_api_error(const char *operation, const zval *code, const zend_string *message)
{
	zend_string *code_str = zval_get_string((zval *) code);
	zend_string *text = zend_strpprintf(0, "%s failed: %s [%s]", operation, ZSTR_VAL(message),
		ZSTR_VAL(code_str));
	zend_object *ex = new_exception(vtws_ce_api_exception, ZSTR_VAL(text));

	zend_update_property_str(ex->ce, ex, "vtigerCode", sizeof("vtigerCode") - 1, code_str);
	set_string_property(ex, "operation", operation);
	zend_string_release(code_str);
	zend_string_release(text);
	throw_object(ex);
}

/* Formats "<text> (HTTP <status>, body: "<excerpt>")" so a log line alone explains the failure. */
static zend_string *describe_failure(const vtws_error_context *ctx, const char *format,
	va_list args, zend_string **excerpt_out)
{
	smart_str msg = {0};
	zend_string *text = zend_vstrpprintf(0, format, args);
	zend_string *excerpt = vtws_body_excerpt(ctx->body ? ctx->body : "", ctx->body_len,
		ctx->secret);

	smart_str_append(&msg, text);
	if (ctx->http_status > 0 || ZSTR_LEN(excerpt) > 0) {
		smart_str_appends(&msg, " (");
		if (ctx->http_status > 0) {
			smart_str_append_printf(&msg, "HTTP %ld, ", ctx->http_status);
		}
		if (ZSTR_LEN(excerpt) > 0) {
			smart_str_appends(&msg, "body: \"");
			smart_str_append(&msg, excerpt);
			smart_str_appends(&msg, "\")");
		} else {
			smart_str_appends(&msg, "empty body)");
		}
	}
	smart_str_0(&msg);
	zend_string_release(text);
	*excerpt_out = excerpt;
	return msg.s;
}

static zend_object *contextual_exception(zend_class_entry *ce, const vtws_error_context *ctx,
	const char *format, va_list args)
{
	zend_string *excerpt;
	zend_string *message = describe_failure(ctx, format, args, &excerpt);
	zend_object *ex = new_exception(ce, ZSTR_VAL(message));

	set_long_property(ex, "httpStatus", ctx->http_status);
	set_string_property(ex, "operation", ctx->operation);
	zend_update_property_str(ex->ce, ex, "bodyExcerpt", sizeof("bodyExcerpt") - 1, excerpt);
	zend_string_release(message);
	zend_string_release(excerpt);
	return ex;
}

void vtws_throw_transport_error(const vtws_error_context *ctx, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	zend_object *ex = contextual_exception(vtws_ce_transport_exception, ctx, format, args);
	va_end(args);
	throw_object(ex);
}

void vtws_throw_protocol_error(const vtws_error_context *ctx, zend_long offset, const char *format,
	...)
{
	va_list args;
	va_start(args, format);
	zend_object *ex = contextual_exception(vtws_ce_protocol_exception, ctx, format, args);
	va_end(args);
	set_long_property(ex, "offset", offset);
	throw_object(ex);
}

void vtws_throw_conflict(const zend_string *id, const zend_string *expected,
	const zend_string *stored)
{
	zend_string *text = zend_strpprintf(0,
		"update of %s refused: the record was modified at %s, after the %s the element was "
		"read at; retrieve it again and reapply the change",
		ZSTR_VAL(id), ZSTR_VAL(stored), ZSTR_VAL(expected));
	zend_object *ex = new_exception(vtws_ce_conflict_exception, ZSTR_VAL(text));

	zend_update_property_str(ex->ce, ex, "recordId", sizeof("recordId") - 1, (zend_string *) id);
	zend_update_property_str(ex->ce, ex, "expectedModifiedTime", sizeof("expectedModifiedTime") - 1,
		(zend_string *) expected);
	zend_update_property_str(ex->ce, ex, "storedModifiedTime", sizeof("storedModifiedTime") - 1,
		(zend_string *) stored);
	zend_string_release(text);
	throw_object(ex);
}

static void return_property(zend_execute_data *execute_data, zval *return_value, const char *name)
{
	zval rv;
	zval *value = zend_read_property(Z_OBJCE_P(ZEND_THIS), Z_OBJ_P(ZEND_THIS), name, strlen(name),
		true, &rv);
	RETURN_COPY_DEREF(value);
}

#define VTWS_PROPERTY_GETTER(cls, method, property) \
	ZEND_METHOD(cls, method) \
	{ \
		ZEND_PARSE_PARAMETERS_NONE(); \
		return_property(execute_data, return_value, property); \
	}

VTWS_PROPERTY_GETTER(Vtws_ApiException, getVtigerCode, "vtigerCode")
VTWS_PROPERTY_GETTER(Vtws_ApiException, getOperation, "operation")
VTWS_PROPERTY_GETTER(Vtws_TransportException, getHttpStatus, "httpStatus")
VTWS_PROPERTY_GETTER(Vtws_TransportException, getOperation, "operation")
VTWS_PROPERTY_GETTER(Vtws_TransportException, getBodyExcerpt, "bodyExcerpt")
VTWS_PROPERTY_GETTER(Vtws_ProtocolException, getHttpStatus, "httpStatus")
VTWS_PROPERTY_GETTER(Vtws_ProtocolException, getOperation, "operation")
VTWS_PROPERTY_GETTER(Vtws_ProtocolException, getBodyExcerpt, "bodyExcerpt")
VTWS_PROPERTY_GETTER(Vtws_ProtocolException, getOffset, "offset")
VTWS_PROPERTY_GETTER(Vtws_ConflictException, getRecordId, "recordId")
VTWS_PROPERTY_GETTER(Vtws_ConflictException, getExpectedModifiedTime, "expectedModifiedTime")
VTWS_PROPERTY_GETTER(Vtws_ConflictException, getStoredModifiedTime, "storedModifiedTime")
