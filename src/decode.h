/*
 * Response decoding: strict JSON (syntax and UTF-8) into PHP arrays, and the Vtiger
 * envelope {"success":bool,"result"|"error":...} around it.
 */
#ifndef VTWS_DECODE_H
#define VTWS_DECODE_H

#include "php.h"
#include "errors.h"

typedef struct {
	zval code; /* string, or the integer 0 of the duplicate check */
	zend_string *message;
} vtws_api_error;

typedef enum {
	VTWS_ENVELOPE_SUCCESS, /* result holds the decoded "result" */
	VTWS_ENVELOPE_API_ERROR, /* error holds code and message; nothing thrown yet */
	VTWS_ENVELOPE_INVALID, /* ProtocolException thrown */
} vtws_envelope_status;

/* Decodes JSON or throws ProtocolException naming the byte offset of the problem. */
zend_result vtws_decode_or_throw(zval *out, const char *json, size_t len, const char *operation);

/* ctx carries the raw body and HTTP status of the answer. */
vtws_envelope_status vtws_unwrap_envelope(const vtws_error_context *ctx, zval *result,
	vtws_api_error *error);

void vtws_api_error_dtor(vtws_api_error *error);

#endif
