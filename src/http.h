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

/* Most requests a client keeps in flight at once (concurrency option of the bulk helpers
 * and queryAll). */
#define VTWS_MAX_CONCURRENCY 32

typedef struct {
	CURL *curl; /* the handle of sequential calls */
	struct curl_slist *headers;
	vtws_http_options options;
	char error[CURL_ERROR_SIZE];
	/* Concurrent transfers: created on first use, kept so their connections stay alive. */
	CURLM *multi;
	CURLSH *share; /* DNS cache and TLS sessions, common to every handle of the client */
	CURL *spare[VTWS_MAX_CONCURRENCY]; /* idle handles of the multi handle */
	uint32_t spare_count;
} vtws_http;

typedef struct {
	smart_str body;
	long status;
	bool too_large;
	size_t limit;
	/* Response headers a caller may need, NULL when absent. */
	zend_string *content_type;
	zend_string *retry_after;
} vtws_http_response;

typedef enum { VTWS_GET, VTWS_POST, VTWS_PUT, VTWS_PATCH, VTWS_DELETE } vtws_http_method;

/* One exchange; the query string or body is already encoded.
 * GET and DELETE: payload is the query string, NULL or empty for none.
 * POST, PUT, PATCH: payload is the body (NULL for an empty one); a form body unless headers
 * name another Content-Type. */
typedef struct {
	vtws_http_method method;
	const char *url;
	const zend_string *payload;
	/* Sent instead of the client's default headers when not NULL; see vtws_http_headers(). */
	struct curl_slist *headers;
	/* Transport failures may be retried like a GET: sending it twice does no harm. */
	bool idempotent;
	const char *operation;
	const zend_string *secret;
	curl_mime *mime; /* a multipart/form-data POST instead of the payload; NULL for none */
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

/* The header list of one request: the client's defaults with the given Accept, plus a
 * Content-Type for the body and an Authorization value when not NULL. Free it with
 * vtws_http_headers_free() once the transfer is over. */
struct curl_slist *vtws_http_headers(const char *accept, const char *content_type,
	const char *authorization);

/* Frees a list from vtws_http_headers(), wiping it first: it may hold credentials. */
void vtws_http_headers_free(struct curl_slist *headers);

/* ---- concurrent transfers (curl multi) ---- */

/* The multi handle, created on first use; NULL after throwing TransportException. */
CURLM *vtws_http_multi(vtws_http *http);

/* An idle easy handle configured like the client's own; NULL when libcurl has none. */
CURL *vtws_http_acquire(vtws_http *http);

/* Gives a handle back (it must not be attached to the multi handle any more). */
void vtws_http_release(vtws_http *http, CURL *handle);

/* Points the handle at the request; *get_url receives the URL of a GET, which the caller
 * frees with efree() once the transfer has started or ended. */
void vtws_http_prepare(vtws_http *http, CURL *handle, const vtws_http_request *request,
	vtws_http_response *response, char *error_buffer, char **get_url);

/* Whether a finished transfer is worth another attempt (GET requests only). */
bool vtws_http_is_retryable(CURLcode code, long status);

/* Microseconds to wait before attempt number attempt + 1 (0-based), with jitter. */
zend_long vtws_http_backoff_us(zend_long attempt);

/* Throws the TransportException of a failed transfer. */
void vtws_http_throw_failure(const vtws_http_request *request, const vtws_http_response *response,
	CURLcode code, const char *error_buffer);

#endif
