/*
 * The service side of a sync run: one HTTP exchange with any method, headers and body.
 */
#ifndef VTWS_SYNC_HTTP_H
#define VTWS_SYNC_HTTP_H

#include "php.h"
#include "http.h"
#include "sync_request.h"

typedef struct {
	long status;
	zend_string *body;
	zend_string *retry_after; /* Retry-After header, NULL if absent */
	char *error; /* transport failure (emalloc'd), NULL when an answer arrived */
	int attempts; /* requests sent: 2 when a 429/503 was retried */
} sync_http_response;

typedef struct {
	double timeout; /* seconds */
	bool verify_peer;
	zend_string *ca_file;
} sync_http_options;

/* The connection of one run: the project's transport (src/http.c) with the connector's
 * settings, so the requests of a run share one kept-alive connection. FAILURE after
 * throwing TransportException. */
zend_result sync_http_open(vtws_http *http, const sync_http_options *options);

/* Sends the request; 429 and 503 answers are retried once after Retry-After (at most 30 s).
 * Never throws: a transport failure is reported in response->error. */
void vtws_sync_http_send(vtws_http *http, const sync_http_options *options,
	const sync_http_request *request, sync_http_response *response);

void sync_http_response_dtor(sync_http_response *response);

#endif
