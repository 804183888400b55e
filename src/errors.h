/*
 * The exception hierarchy under Vtws\ and the helpers that throw it.
 * Every exception implements the marker interface Vtws\Exception.
 */
#ifndef VTWS_ERRORS_H
#define VTWS_ERRORS_H

#include "php.h"

extern zend_class_entry *vtws_ce_exception;
extern zend_class_entry *vtws_ce_api_exception;
extern zend_class_entry *vtws_ce_transport_exception;
extern zend_class_entry *vtws_ce_protocol_exception;
extern zend_class_entry *vtws_ce_conflict_exception;

/* Longest part of a response body quoted in an exception. */
#define VTWS_EXCERPT_MAX 200

/* Context of a failed exchange: used for the exception's accessors and to mask secrets. */
typedef struct {
	const char *operation;
	long http_status;
	const char *body;
	size_t body_len;
	/* Never quoted back to the user, even when a server echoes it. */
	const zend_string *secret;
} vtws_error_context;

/* Vtiger answered success:false. The code is usually a string, but the duplicate check
 * answers with the integer 0, so it is taken as a zval. */
void vtws_throw_api_error(const char *operation, const zval *code, const zend_string *message);

void vtws_throw_transport_error(const vtws_error_context *ctx, const char *format, ...)
	ZEND_ATTRIBUTE_FORMAT(printf, 2, 3);

void vtws_throw_protocol_error(const vtws_error_context *ctx, zend_long offset, const char *format,
	...) ZEND_ATTRIBUTE_FORMAT(printf, 3, 4);

void vtws_throw_conflict(const zend_string *id, const zend_string *expected,
	const zend_string *stored);

/* A short, single-line, valid UTF-8 quote of a body with the secret masked. */
zend_string *vtws_body_excerpt(const char *body, size_t len, const zend_string *secret);

#endif
