/*
 * The in-process transport of Client::inProcess(): for code running inside Vtiger, every
 * operation is dispatched through Vtiger's own OperationManager in this PHP process, the
 * way webservice.php does it, and its answer goes through the same envelope decoding as
 * an HTTP answer.
 */
#ifndef VTWS_TRANSPORT_LOCAL_H
#define VTWS_TRANSPORT_LOCAL_H

#include "php.h"
#include "decode.h"
#include "http.h"

typedef struct vtws_local vtws_local;

/* One operation: like an HTTP exchange, an API error is left in *error, anything else
 * that fails has been thrown (VTWS_ENVELOPE_INVALID). */
vtws_envelope_status vtws_local_exchange(vtws_local *local, const char *operation,
	vtws_http_method method, HashTable *params, zval *result, vtws_api_error *error);

/* The same with $_FILES replaced by files (the array PHP builds for a multipart request)
 * while the operation runs. */
vtws_envelope_status vtws_local_exchange_with_files(vtws_local *local, const char *operation,
	vtws_http_method method, HashTable *params, zval *files, zval *result, vtws_api_error *error);

/* Throws the LogicException of a session method called on an in-process client. */
void vtws_local_refuse_session(const char *method);

void vtws_local_free(vtws_local *local);

#endif
