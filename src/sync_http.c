/*
 * Service requests. They go through the project's transport (http.c): one kept-alive
 * connection per run, the TLS and timeout settings every vtws request has. A request
 * http.c cannot express (a verb other than GET/POST/PUT/PATCH/DELETE, a DELETE with a body)
 * gets a one-off libcurl handle of its own.
 */
#include "sync_http.h"
#include "errors.h"
#include "php_vtws.h"
#include "zend_exceptions.h"
#include "zend_smart_str.h"
#include <curl/curl.h>

typedef struct {
	smart_str body;
	zend_string *retry_after;
} raw_exchange;

static size_t collect(char *data, size_t size, size_t nmemb, void *userdata)
{
	raw_exchange *x = userdata;
	smart_str_appendl(&x->body, data, size * nmemb);
	return size * nmemb;
}

static size_t header_line(char *data, size_t size, size_t nmemb, void *userdata)
{
	raw_exchange *x = userdata;
	size_t len = size * nmemb;
	static const char name[] = "retry-after:";

	if (len > sizeof(name) - 1 && !strncasecmp(data, name, sizeof(name) - 1)) {
		const char *v = data + sizeof(name) - 1;
		size_t vlen = len - (sizeof(name) - 1);
		while (vlen > 0 && (*v == ' ' || *v == '\t')) {
			v++;
			vlen--;
		}
		while (vlen > 0 && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' || v[vlen - 1] == ' ')) {
			vlen--;
		}
		if (x->retry_after) {
			zend_string_release(x->retry_after);
		}
		x->retry_after = zend_string_init(v, vlen, 0);
	}
	return len;
}

static struct curl_slist *header_list(const sync_http_request *request)
{
	struct curl_slist *list = NULL;
	zend_string *name;
	zval *value;

	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL(request->headers), name, value) {
		zend_string *text;
		char *line;
		if (!name || Z_TYPE_P(value) != IS_STRING) {
			continue;
		}
		text = Z_STR_P(value);
		/* A header value with a line break would inject further headers. */
		if (memchr(ZSTR_VAL(text), '\n', ZSTR_LEN(text)) ||
			memchr(ZSTR_VAL(text), '\r', ZSTR_LEN(text))) {
			continue;
		}
		spprintf(&line, 0, "%s: %s", ZSTR_VAL(name), ZSTR_VAL(text));
		list = curl_slist_append(list, line);
		efree(line);
	}
	ZEND_HASH_FOREACH_END();
	/* libcurl would otherwise announce "Expect: 100-continue" for large bodies. */
	return curl_slist_append(list, "Expect:");
}

static void send_alone(const sync_http_options *options, const sync_http_request *request,
	sync_http_response *response)
{
	CURL *c = curl_easy_init();
	struct curl_slist *headers;
	char error[CURL_ERROR_SIZE] = "";
	raw_exchange x = {{0}, NULL};
	CURLcode code;

	if (!c) {
		response->error = estrdup("libcurl could not create a handle");
		return;
	}
	headers = header_list(request);
	curl_easy_setopt(c, CURLOPT_URL, ZSTR_VAL(request->url));
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, ZSTR_VAL(request->method));
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long) (options->timeout * 1000));
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, options->verify_peer ? 1L : 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, options->verify_peer ? 2L : 0L);
	if (options->ca_file && ZSTR_LEN(options->ca_file) > 0) {
		curl_easy_setopt(c, CURLOPT_CAINFO, ZSTR_VAL(options->ca_file));
	}
	curl_easy_setopt(c, CURLOPT_USERAGENT, VTWS_G(user_agent));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header_line);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &x);
	if (request->body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, ZSTR_VAL(request->body));
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) ZSTR_LEN(request->body));
	} else if (zend_string_equals_literal(request->method, "GET")) {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	}
	code = curl_easy_perform(c);
	if (code != CURLE_OK) {
		spprintf(&response->error, 0, "%s %s: %s", ZSTR_VAL(request->method),
			ZSTR_VAL(request->url), error[0] ? error : curl_easy_strerror(code));
		smart_str_free(&x.body);
		if (x.retry_after) {
			zend_string_release(x.retry_after);
		}
	} else {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response->status);
		smart_str_0(&x.body);
		response->body = x.body.s ? smart_str_extract(&x.body) : ZSTR_EMPTY_ALLOC();
		response->retry_after = x.retry_after;
	}
	curl_slist_free_all(headers);
	curl_easy_cleanup(c);
}

zend_result sync_http_open(vtws_http *http, const sync_http_options *options)
{
	vtws_http_options o;

	vtws_http_options_init(&o);
	o.timeout = options->timeout;
	o.connect_timeout = VTWS_G(default_connect_timeout);
	o.verify_peer = options->verify_peer;
	if (options->ca_file) {
		o.ca_file = zend_string_copy(options->ca_file);
	} else if (VTWS_G(ca_file) && *VTWS_G(ca_file)) {
		o.ca_file = zend_string_init(VTWS_G(ca_file), strlen(VTWS_G(ca_file)), 0);
	}
	o.user_agent = zend_string_init(VTWS_G(user_agent), strlen(VTWS_G(user_agent)), 0);
	o.retries = 0; /* a service request is retried only on 429/503, below */
	return vtws_http_init(http, &o);
}

static bool shared_method(const sync_http_request *request, vtws_http_method *method)
{
	const zend_string *m = request->method;

	if (zend_string_equals_literal(m, "GET") && !request->body) {
		*method = VTWS_GET;
	} else if (zend_string_equals_literal(m, "POST")) {
		*method = VTWS_POST;
	} else if (zend_string_equals_literal(m, "PUT")) {
		*method = VTWS_PUT;
	} else if (zend_string_equals_literal(m, "PATCH")) {
		*method = VTWS_PATCH;
	} else if (zend_string_equals_literal(m, "DELETE") && !request->body) {
		*method = VTWS_DELETE;
	} else {
		return false;
	}
	return true;
}

static void send_shared(vtws_http *http, vtws_http_method method, const sync_http_request *request,
	sync_http_response *response)
{
	struct curl_slist *headers = header_list(request);
	vtws_http_request exchange = {
		.method = method,
		.url = ZSTR_VAL(request->url),
		.payload = request->body,
		.headers = headers,
		.operation = ZSTR_VAL(request->method),
	};
	vtws_http_response answer;

	if (vtws_http_perform(http, &exchange, &answer) == FAILURE) {
		/* The run reports the failure and goes on with other pairs: no exception. */
		zend_object *ex = EG(exception);
		zval rv;
		zval *message = ex
			? zend_read_property(ex->ce, ex, "message", sizeof("message") - 1, 1, &rv)
			: NULL;
		spprintf(&response->error, 0, "%s %s: %s", ZSTR_VAL(request->method),
			ZSTR_VAL(request->url),
			message && Z_TYPE_P(message) == IS_STRING ? Z_STRVAL_P(message) : "transport failure");
		zend_clear_exception();
	} else {
		response->status = answer.status;
		response->body = answer.body.s ? zend_string_copy(answer.body.s) : ZSTR_EMPTY_ALLOC();
		if (answer.retry_after) {
			response->retry_after = zend_string_copy(answer.retry_after);
		}
		vtws_http_response_dtor(&answer);
	}
	vtws_http_headers_free(headers);
}

static void send_once(vtws_http *http, const sync_http_options *options,
	const sync_http_request *request, sync_http_response *response)
{
	vtws_http_method method;

	if (http && shared_method(request, &method)) {
		send_shared(http, method, request, response);
	} else {
		send_alone(options, request, response);
	}
}

void vtws_sync_http_send(vtws_http *http, const sync_http_options *options,
	const sync_http_request *request, sync_http_response *response)
{
	memset(response, 0, sizeof(*response));
	send_once(http, options, request, response);
	if (!response->error && (response->status == 429 || response->status == 503)) {
		zend_long wait = 1;
		if (response->retry_after) {
			wait = ZEND_STRTOL(ZSTR_VAL(response->retry_after), NULL, 10);
		}
		wait = MAX(0, MIN(wait, 30));
		sync_http_response_dtor(response);
		if (wait > 0) {
			php_sleep((unsigned) wait);
		}
		send_once(http, options, request, response);
		response->attempts = 2;
		return;
	}
	response->attempts = 1;
}

void sync_http_response_dtor(sync_http_response *response)
{
	if (response->body) {
		zend_string_release(response->body);
	}
	if (response->retry_after) {
		zend_string_release(response->retry_after);
	}
	if (response->error) {
		efree(response->error);
	}
	memset(response, 0, sizeof(*response));
}
