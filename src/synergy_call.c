/*
 * The request cycle of the Synergy! client: bearer token, client-side rate bucket, JSON
 * body, and the vendor's retry advice (429, 5xx, network failures: back off with jitter;
 * other 4xx: never). Errors become Vtws\Synergy\ApiException (4xx) or the shared
 * TransportException / ProtocolException.
 */
#include "synergy.h"
#include "synergy_auth.h"
#include "decode.h"
#include "encode.h"
#include "errors.h"
#include "zend_exceptions.h"
#include "ext/json/php_json.h"
#include "ext/random/php_random.h"
#include "ext/standard/url.h"
#include <errno.h>
#include <time.h>

zend_class_entry *vtws_ce_synergy_api_exception;

/* Longest wait honoured after a 429 before the next attempt. */
#define MAX_RETRY_WAIT_US 120000000L

void vtws_synergy_sleep_us(zend_long us)
{
	struct timespec ts = {.tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000};

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
	}
}

void vtws_synergy_path_add(smart_str *path, const char *segment, size_t len)
{
	zend_string *encoded = php_raw_url_encode(segment, len);

	smart_str_appendc(path, '/');
	smart_str_append(path, encoded);
	zend_string_release(encoded);
}

/* ---- errors ---- */

static const char *reason_phrase(long status)
{
	switch (status) {
		case 400:
			return "Bad Request";
		case 401:
			return "Unauthorized";
		case 403:
			return "Forbidden";
		case 404:
			return "Not Found";
		case 405:
			return "Method Not Allowed";
		case 409:
			return "Conflict";
		case 429:
			return "Too Many Requests";
		default:
			return "Client Error";
	}
}

static void set_str(zend_object *ex, const char *name, const char *value)
{
	zend_update_property_string(ex->ce, ex, name, strlen(name), value ? value : "");
}

void vtws_synergy_throw_api_error(const char *operation, long status, const char *error,
	const char *message, const char *path)
{
	zval zex;
	zend_string *text = zend_strpprintf(0, "%s failed: HTTP %ld %s: %s", operation, status, error,
		message);

	object_init_ex(&zex, vtws_ce_synergy_api_exception);
	zend_object *ex = Z_OBJ(zex);
	zend_update_property_str(zend_ce_exception, ex, "message", sizeof("message") - 1, text);
	zend_update_property_long(ex->ce, ex, "status", sizeof("status") - 1, status);
	set_str(ex, "error", error);
	set_str(ex, "apiMessage", message);
	set_str(ex, "path", path);
	set_str(ex, "operation", operation);
	zend_string_release(text);
	zend_throw_exception_object(&zex);
}

static const char *string_member(const zval *json, const char *key)
{
	if (Z_TYPE_P(json) != IS_ARRAY) {
		return NULL;
	}
	zval *value = zend_hash_str_find(Z_ARRVAL_P(json), key, strlen(key));
	return value && Z_TYPE_P(value) == IS_STRING ? Z_STRVAL_P(value) : NULL;
}

/* The documented error body {timestamp, status, error, message, path}, or the token
 * endpoint's {error, error_description}; anything else is quoted as an excerpt. */
static void throw_client_error(const char *operation, const vtws_http_response *response,
	const char *path, const zend_string *secret)
{
	const char *body = response->body.s ? ZSTR_VAL(response->body.s) : "";
	size_t len = response->body.s ? ZSTR_LEN(response->body.s) : 0;
	zval json;

	if (php_json_decode_ex(&json, body, len, PHP_JSON_OBJECT_AS_ARRAY, 16) == FAILURE) {
		JSON_G(error_code) = PHP_JSON_ERROR_NONE;
		ZVAL_NULL(&json);
	}
	const char *error = string_member(&json, "error");
	const char *message = string_member(&json, "message");
	const char *where = string_member(&json, "path");
	zend_string *excerpt = NULL;

	if (!message) {
		message = string_member(&json, "error_description");
	}
	if (!message) {
		excerpt = vtws_body_excerpt(body, len, secret);
		message = ZSTR_LEN(excerpt) > 0 ? ZSTR_VAL(excerpt) : "(empty body)";
	}
	vtws_synergy_throw_api_error(operation, response->status,
		error ? error : reason_phrase(response->status), message, where ? where : path);
	if (excerpt) {
		zend_string_release(excerpt);
	}
	zval_ptr_dtor(&json);
}

void vtws_synergy_throw_answer(const char *operation, const vtws_http_response *response,
	const char *path, const zend_string *secret)
{
	if (response->status >= 400 && response->status < 500) {
		throw_client_error(operation, response, path, secret);
		return;
	}
	vtws_error_context ctx = {
		.operation = operation,
		.http_status = response->status,
		.body = response->body.s ? ZSTR_VAL(response->body.s) : "",
		.body_len = response->body.s ? ZSTR_LEN(response->body.s) : 0,
		.secret = secret,
	};
	vtws_throw_transport_error(&ctx, "%s: the server answered HTTP %ld", operation,
		response->status);
}

ZEND_METHOD(Vtws_Synergy_ApiException, getStatus)
{
	zval rv;
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_COPY_DEREF(zend_read_property(Z_OBJCE_P(ZEND_THIS), Z_OBJ_P(ZEND_THIS), "status",
		sizeof("status") - 1, true, &rv));
}

#define SYNERGY_STRING_GETTER(method, property) \
	ZEND_METHOD(Vtws_Synergy_ApiException, method) \
	{ \
		zval rv; \
		ZEND_PARSE_PARAMETERS_NONE(); \
		RETURN_COPY_DEREF(zend_read_property(Z_OBJCE_P(ZEND_THIS), Z_OBJ_P(ZEND_THIS), property, \
			sizeof(property) - 1, true, &rv)); \
	}

SYNERGY_STRING_GETTER(getError, "error")
SYNERGY_STRING_GETTER(getApiMessage, "apiMessage")
SYNERGY_STRING_GETTER(getPath, "path")
SYNERGY_STRING_GETTER(getOperation, "operation")

/* ---- retries ---- */

static bool parse_delay_seconds(const zend_string *value, zend_long *seconds)
{
	if (!value || ZSTR_LEN(value) == 0 || ZSTR_LEN(value) > 6) {
		return false;
	}
	for (size_t i = 0; i < ZSTR_LEN(value); i++) {
		if (ZSTR_VAL(value)[i] < '0' || ZSTR_VAL(value)[i] > '9') {
			return false;
		}
	}
	*seconds = ZEND_STRTOL(ZSTR_VAL(value), NULL, 10);
	return true;
}

zend_long vtws_synergy_retry_wait_us(const vtws_http_response *response, zend_long attempt)
{
	zend_long seconds;

	if (parse_delay_seconds(response->retry_after, &seconds)) {
		/* A little jitter, so clients told the same second do not all come back at once. */
		zend_long wait = seconds * 1000000L + php_mt_rand_range(0, 100000);
		return wait < MAX_RETRY_WAIT_US ? wait : MAX_RETRY_WAIT_US;
	}
	/* No (usable) Retry-After: exponential backoff with jitter, 0.5 s doubling up to 30 s. */
	zend_long cap = 500000L << (attempt < 6 ? attempt : 6);
	if (cap > 30000000L) {
		cap = 30000000L;
	}
	return php_mt_rand_range(cap / 2, cap);
}

/* ---- the request cycle ---- */

static zend_result encode_body(const vtws_synergy_request *request, smart_str *out)
{
	if (!request->body) {
		return SUCCESS;
	}
	/* An empty PHP array is an empty JSON object here: every body is an object. */
	if (Z_TYPE_P(request->body) == IS_ARRAY &&
		zend_hash_num_elements(Z_ARRVAL_P(request->body)) == 0) {
		smart_str_appends(out, "{}");
	} else if (vtws_encode_json(out, request->body, request->operation) == FAILURE) {
		smart_str_free(out);
		return FAILURE;
	}
	smart_str_0(out);
	return SUCCESS;
}

static bool wants_json(const vtws_synergy_request *request)
{
	return !request->accept || strstr(request->accept, "json") != NULL;
}

static zend_result read_success(const vtws_synergy_request *request,
	const vtws_http_response *response, zval *result)
{
	if (!response->body.s || ZSTR_LEN(response->body.s) == 0) {
		ZVAL_NULL(result);
		return SUCCESS;
	}
	if (!wants_json(request)) {
		ZVAL_STR_COPY(result, response->body.s);
		return SUCCESS;
	}
	return vtws_decode_or_throw(result, ZSTR_VAL(response->body.s), ZSTR_LEN(response->body.s),
		request->operation);
}

static struct curl_slist *request_headers(const vtws_synergy_request *request,
	const zend_string *token, bool has_body)
{
	zend_string *auth = zend_string_concat2("Bearer ", 7, ZSTR_VAL(token), ZSTR_LEN(token));
	struct curl_slist *headers = vtws_http_headers(request->accept ? request->accept
																   : "application/json",
		has_body ? "application/json" : NULL, ZSTR_VAL(auth));

	ZEND_SECURE_ZERO(ZSTR_VAL(auth), ZSTR_LEN(auth));
	zend_string_efree(auth);
	return headers;
}

typedef enum { ANSWER_DONE, ANSWER_REFRESH, ANSWER_RETRY } answer_action;

/* What to do with an answer: done (success or an exception thrown), or try again. */
static answer_action judge(vtws_synergy_client *client, const vtws_synergy_request *request,
	const vtws_http_response *response, bool refreshed, zend_long attempt)
{
	long status = response->status;

	if (status == 401 && !refreshed) {
		return ANSWER_REFRESH;
	}
	if (attempt < client->retries &&
		(status == 429 || (request->idempotent && status >= 500 && status <= 599))) {
		return ANSWER_RETRY;
	}
	return ANSWER_DONE;
}

static void sleep_before_retry(vtws_synergy_client *client, const vtws_http_response *response,
	zend_long attempt)
{
	if (response->status == 429) {
		/* The server's bucket is empty; ours should not let a burst follow. */
		vtws_synergy_bucket_drain(&client->bucket);
		vtws_synergy_sleep_us(vtws_synergy_retry_wait_us(response, attempt));
		return;
	}
	vtws_synergy_sleep_us(vtws_http_backoff_us(attempt));
}

zend_result vtws_synergy_send(vtws_synergy_client *client, const vtws_synergy_request *request,
	zval *result)
{
	smart_str body = {0};
	bool refreshed = false;
	zend_result rc = FAILURE;

	ZVAL_NULL(result);
	if (encode_body(request, &body) == FAILURE) {
		return FAILURE;
	}
	bool sends_body = request->method == VTWS_POST || request->method == VTWS_PUT ||
		request->method == VTWS_PATCH;
	zend_string *url = zend_string_concat2(ZSTR_VAL(client->api_url), ZSTR_LEN(client->api_url),
		ZSTR_VAL(request->path), ZSTR_LEN(request->path));
	if (sends_body && request->query && ZSTR_LEN(request->query) > 0) {
		/* The transport sends a body request's payload as the body: the query goes in the URL. */
		zend_string *with_query = zend_string_concat3(ZSTR_VAL(url), ZSTR_LEN(url), "?", 1,
			ZSTR_VAL(request->query), ZSTR_LEN(request->query));
		zend_string_release(url);
		url = with_query;
	}

	for (zend_long attempt = 0;;) {
		zend_string *token = vtws_synergy_token(client);
		if (!token) {
			break;
		}
		struct curl_slist *headers = request_headers(request, token, sends_body);
		vtws_http_request http_request = {
			.method = request->method,
			.url = ZSTR_VAL(url),
			.payload = sends_body ? body.s : request->query,
			.headers = headers,
			.idempotent = request->idempotent,
			.operation = request->operation,
			.secret = token,
		};
		vtws_http_response response;

		vtws_synergy_bucket_take(&client->bucket);
		zend_result sent = vtws_http_perform(&client->http, &http_request, &response);
		vtws_http_headers_free(headers);
		if (sent == FAILURE) {
			zend_string_release(token);
			break;
		}
		if (response.status >= 200 && response.status < 300) {
			rc = read_success(request, &response, result);
			vtws_http_response_dtor(&response);
			zend_string_release(token);
			break;
		}
		answer_action action = judge(client, request, &response, refreshed, attempt);
		if (action == ANSWER_REFRESH) {
			/* The token expired early or was revoked: fetch a new one, once. */
			vtws_synergy_token_invalidate(client, token);
			refreshed = true;
		} else if (action == ANSWER_RETRY) {
			sleep_before_retry(client, &response, attempt);
			attempt++;
		} else {
			vtws_synergy_throw_answer(request->operation, &response, ZSTR_VAL(request->path),
				token);
		}
		vtws_http_response_dtor(&response);
		zend_string_release(token);
		if (action == ANSWER_DONE) {
			break;
		}
	}
	zend_string_release(url);
	smart_str_free(&body);
	return rc;
}
