/*
 * Vtws\Synergy: a client of the Synergy! database API (OAuth 2.0 client credentials,
 * JSON over HTTP). The objects and the request cycle every operation goes through.
 */
#ifndef VTWS_SYNERGY_H
#define VTWS_SYNERGY_H

#include "php.h"
#include "http.h"

extern zend_class_entry *vtws_ce_synergy_client;
extern zend_class_entry *vtws_ce_synergy_records;
extern zend_class_entry *vtws_ce_synergy_record_iterator;
extern zend_class_entry *vtws_ce_synergy_api_exception;

/* Client-side token bucket: the API allows `rate` requests per second after a burst. */
typedef struct {
	double rate; /* tokens per second, 0 = no limit */
	double burst;
	double level;
	double updated; /* monotonic seconds of the last refill */
} vtws_synergy_bucket;

typedef struct {
	vtws_http http;
	zend_string *auth_url; /* the token endpoint */
	zend_string *api_url; /* scheme://host[:port][/prefix], no trailing slash */
	zend_string *audience;
	zend_string *account;
	zend_string *client_id;
	zend_string *secret; /* never shown: masked in every dump and message */
	zend_string *scopes; /* space-separated */
	zend_string *token_key; /* key of the process-wide token cache */
	vtws_synergy_bucket bucket;
	zend_long retries;
	bool constructed;
	zend_object std;
} vtws_synergy_client;

static inline vtws_synergy_client *vtws_synergy_client_from_obj(zend_object *obj)
{
	return (vtws_synergy_client *) ((char *) obj - XtOffsetOf(vtws_synergy_client, std));
}

/* Registers the classes of Vtws\Synergy (called from MINIT). */
void vtws_synergy_minit(void);

/* The client behind a Client object, or NULL after throwing when it was never constructed. */
vtws_synergy_client *vtws_synergy_client_of(zend_object *obj);

/* ---- the request cycle (synergy_call.c) ---- */

typedef struct {
	const char *operation; /* the vendor's operationId, for messages */
	vtws_http_method method;
	zend_string *path; /* below api_url, already percent-encoded */
	const zend_string *query; /* query string or NULL */
	zval *body; /* sent as JSON, or NULL */
	const char *accept; /* NULL: application/json */
	bool idempotent; /* may be sent again after a 5xx or a network failure */
} vtws_synergy_request;

/* Sends one API request with a cached access token, waiting for the client-side bucket;
 * refreshes the token once after a 401, waits and retries after a 429 (and after a 5xx when
 * idempotent) within the client's retries. The decoded JSON answer goes into *result (null
 * for 204, the text for a non-JSON answer). On FAILURE an exception has been thrown. */
zend_result vtws_synergy_send(vtws_synergy_client *client, const vtws_synergy_request *request,
	zval *result);

/* Sleeps, resuming after signals. */
void vtws_synergy_sleep_us(zend_long us);

/* Appends a path segment, percent-encoded. */
void vtws_synergy_path_add(smart_str *path, const char *segment, size_t len);

/* Throws Vtws\Synergy\ApiException. */
void vtws_synergy_throw_api_error(const char *operation, long status, const char *error,
	const char *message, const char *path);

/* Turns an error answer into ApiException (4xx) or TransportException (others). */
void vtws_synergy_throw_answer(const char *operation, const vtws_http_response *response,
	const char *path, const zend_string *secret);

/* Microseconds to wait before retrying after a 429: Retry-After when given, else backoff. */
zend_long vtws_synergy_retry_wait_us(const vtws_http_response *response, zend_long attempt);

/* ---- records (synergy_records.c) ---- */

void vtws_synergy_records_setup_class(zend_class_entry *ce);
void vtws_synergy_record_iterator_setup_class(zend_class_entry *ce);

/* A Records object for a definition; types: property => x-synergy-type or NULL. */
void vtws_synergy_records_create(zval *out, zval *client, zend_string *definition,
	HashTable *types);

#endif
