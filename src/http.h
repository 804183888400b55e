/*
 * HTTP transport over one reusable libcurl easy handle per client (keep-alive).
 */
#ifndef VTWS_HTTP_H
#define VTWS_HTTP_H

#include "php.h"
#include "zend_smart_str.h"
#include <curl/curl.h>

typedef struct {
	double timeout; /* seconds for the whole exchange, 0 = none */
	double connect_timeout; /* seconds */
	bool verify_peer;
	zend_string *ca_file;
	zend_string *user_agent;
	zend_string *proxy;
	zend_long retries; /* extra attempts after a transport failure, GET only */
	zend_long max_response_size; /* bytes, 0 = unlimited */
} vtws_http_options;

typedef struct {
	CURL *curl;
	struct curl_slist *headers;
	vtws_http_options options;
	char error[CURL_ERROR_SIZE];
} vtws_http;

typedef struct {
	smart_str body;
	long status;
	bool too_large;
	size_t limit;
} vtws_http_response;

typedef enum { VTWS_GET, VTWS_POST } vtws_http_method;

/* One exchange; the query string or form body is already encoded. */
typedef struct {
	vtws_http_method method;
	const char *url;
	const zend_string *payload;
	const char *operation;
	const zend_string *secret;
} vtws_http_request;

void vtws_http_options_init(vtws_http_options *options);
void vtws_http_options_dtor(vtws_http_options *options);

/* Takes ownership of the options. Throws TransportException and returns FAILURE when
 * libcurl cannot give a handle. */
zend_result vtws_http_init(vtws_http *http, vtws_http_options *options);
void vtws_http_dtor(vtws_http *http);

/* Performs the request, retrying transport failures of GET requests with backoff.
 * On FAILURE a TransportException has been thrown and the response is empty.
 * The caller frees the response with vtws_http_response_dtor(). */
zend_result vtws_http_perform(vtws_http *http, const vtws_http_request *request,
	vtws_http_response *response);

void vtws_http_response_dtor(vtws_http_response *response);

#endif
