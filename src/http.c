/*
 * HTTP transport: libcurl easy handle set up once, reused for every request so the
 * connection (and TLS session) stays alive between calls.
 */
#include "http.h"
#include "errors.h"
#include "ext/random/php_random.h"

void vtws_http_options_init(vtws_http_options *options)
{
	memset(options, 0, sizeof(*options));
	options->verify_peer = true;
}

void vtws_http_options_dtor(vtws_http_options *options)
{
	if (options->ca_file) {
		zend_string_release(options->ca_file);
	}
	if (options->user_agent) {
		zend_string_release(options->user_agent);
	}
	if (options->proxy) {
		zend_string_release(options->proxy);
	}
	memset(options, 0, sizeof(*options));
}

static size_t collect_body(char *data, size_t size, size_t nmemb, void *userdata)
{
	vtws_http_response *response = userdata;
	size_t len = size * nmemb;
	size_t have = response->body.s ? ZSTR_LEN(response->body.s) : 0;

	if (response->limit > 0 && have + len > response->limit) {
		/* Returning a short count makes libcurl abort with CURLE_WRITE_ERROR. */
		response->too_large = true;
		return 0;
	}
	/* smart_str grows to the exact size asked for, so a large body arriving in 16 KB pieces
	 * would be copied over and over; doubling keeps the copying linear in the body size. */
	if (response->body.s && have + len > response->body.a) {
		smart_str_erealloc(&response->body, MAX(have + len, 2 * response->body.a));
	}
	smart_str_appendl(&response->body, data, len);
	return len;
}

/* Keeps the value of a header line "Name: value\r\n" when the name matches. */
static void keep_header(const char *line, size_t len, const char *name, zend_string **out)
{
	size_t name_len = strlen(name);

	if (len <= name_len || line[name_len] != ':' || strncasecmp(line, name, name_len) != 0) {
		return;
	}
	const char *value = line + name_len + 1;
	const char *end = line + len;
	while (value < end && (*value == ' ' || *value == '\t')) {
		value++;
	}
	while (end > value && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ')) {
		end--;
	}
	if (*out) {
		zend_string_release(*out);
	}
	*out = zend_string_init(value, (size_t) (end - value), 0);
}

static void forget_headers(vtws_http_response *response)
{
	if (response->content_type) {
		zend_string_release(response->content_type);
		response->content_type = NULL;
	}
	if (response->retry_after) {
		zend_string_release(response->retry_after);
		response->retry_after = NULL;
	}
}

static size_t collect_header(char *data, size_t size, size_t nmemb, void *userdata)
{
	vtws_http_response *response = userdata;
	size_t len = size * nmemb;

	if (!response) {
		return len;
	}
	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		/* A new status line (after "100 Continue"): headers of the earlier one do not count. */
		forget_headers(response);
		return len;
	}
	keep_header(data, len, "Content-Type", &response->content_type);
	keep_header(data, len, "Retry-After", &response->retry_after);
	return len;
}

static long milliseconds(double seconds)
{
	return (long) (seconds * 1000.0 + 0.5);
}

static void apply_options(vtws_http *http, CURL *c, char *error_buffer)
{
	const vtws_http_options *o = &http->options;

	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect_body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect_header);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, http->headers);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, milliseconds(o->timeout));
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(o->connect_timeout));
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, o->verify_peer ? 1L : 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, o->verify_peer ? 2L : 0L);
	if (o->ca_file && ZSTR_LEN(o->ca_file) > 0) {
		curl_easy_setopt(c, CURLOPT_CAINFO, ZSTR_VAL(o->ca_file));
	}
	if (o->user_agent) {
		curl_easy_setopt(c, CURLOPT_USERAGENT, ZSTR_VAL(o->user_agent));
	}
	/* An explicit empty proxy also disables the *_proxy environment variables. */
	if (o->proxy) {
		curl_easy_setopt(c, CURLOPT_PROXY, ZSTR_VAL(o->proxy));
	}
	if (http->share) {
		curl_easy_setopt(c, CURLOPT_SHARE, http->share);
	}
}

zend_result vtws_http_init(vtws_http *http, vtws_http_options *options)
{
	memset(http, 0, sizeof(*http));
	http->options = *options;
	memset(options, 0, sizeof(*options));
	http->curl = curl_easy_init();
	if (!http->curl) {
		vtws_error_context ctx = {.operation = "init"};
		vtws_throw_transport_error(&ctx, "libcurl could not create a handle");
		return FAILURE;
	}
	/* "Expect: 100-continue" would cost a round trip on every large form post. */
	http->headers = curl_slist_append(NULL, "Expect:");
	http->headers = curl_slist_append(http->headers, "Accept: application/json");
	/* Handles of concurrent transfers reuse the DNS answers and TLS sessions of this one. */
	http->share = curl_share_init();
	if (http->share) {
		curl_share_setopt(http->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
		curl_share_setopt(http->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	}
	apply_options(http, http->curl, http->error);
	return SUCCESS;
}

void vtws_http_dtor(vtws_http *http)
{
	for (uint32_t i = 0; i < http->spare_count; i++) {
		curl_easy_cleanup(http->spare[i]);
	}
	http->spare_count = 0;
	if (http->multi) {
		curl_multi_cleanup(http->multi);
		http->multi = NULL;
	}
	if (http->curl) {
		curl_easy_cleanup(http->curl);
		http->curl = NULL;
	}
	/* Every easy handle using the share is gone: it can go too. */
	if (http->share) {
		curl_share_cleanup(http->share);
		http->share = NULL;
	}
	curl_slist_free_all(http->headers);
	http->headers = NULL;
	vtws_http_options_dtor(&http->options);
}

void vtws_http_response_dtor(vtws_http_response *response)
{
	smart_str_free(&response->body);
	forget_headers(response);
	memset(response, 0, sizeof(*response));
}

static void add_header(struct curl_slist **list, const char *name, const char *value)
{
	size_t len = strlen(name) + strlen(value) + 3;
	char *line = emalloc(len);

	snprintf(line, len, "%s: %s", name, value);
	*list = curl_slist_append(*list, line);
	ZEND_SECURE_ZERO(line, len);
	efree(line);
}

struct curl_slist *vtws_http_headers(const char *accept, const char *content_type,
	const char *authorization)
{
	/* "Expect: 100-continue" would cost a round trip on every large body. */
	struct curl_slist *list = curl_slist_append(NULL, "Expect:");

	add_header(&list, "Accept", accept ? accept : "application/json");
	if (content_type) {
		add_header(&list, "Content-Type", content_type);
	}
	if (authorization) {
		add_header(&list, "Authorization", authorization);
	}
	return list;
}

void vtws_http_headers_free(struct curl_slist *headers)
{
	for (struct curl_slist *item = headers; item; item = item->next) {
		ZEND_SECURE_ZERO(item->data, strlen(item->data));
	}
	curl_slist_free_all(headers);
}

static const char *custom_method(vtws_http_method method)
{
	switch (method) {
		case VTWS_PUT:
			return "PUT";
		case VTWS_PATCH:
			return "PATCH";
		case VTWS_DELETE:
			return "DELETE";
		default:
			return NULL;
	}
}

static bool has_body(vtws_http_method method)
{
	return method == VTWS_POST || method == VTWS_PUT || method == VTWS_PATCH;
}

static void prepare_request(vtws_http *http, CURL *c, const vtws_http_request *request,
	char **get_url)
{
	/* Set on every request, so a verb or header list never carries over to the next one on
	 * the reused handle. */
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, request->headers ? request->headers : http->headers);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, custom_method(request->method));
	if (request->method == VTWS_POST && request->mime) {
		curl_easy_setopt(c, CURLOPT_URL, request->url);
		curl_easy_setopt(c, CURLOPT_MIMEPOST, request->mime);
		return;
	}
	if (has_body(request->method)) {
		const zend_string *body = request->payload ? request->payload : ZSTR_EMPTY_ALLOC();
		curl_easy_setopt(c, CURLOPT_URL, request->url);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) ZSTR_LEN(body));
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, ZSTR_VAL(body));
		return;
	}
	curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	if (!request->payload || ZSTR_LEN(request->payload) == 0) {
		curl_easy_setopt(c, CURLOPT_URL, request->url);
		return;
	}
	*get_url = emalloc(strlen(request->url) + ZSTR_LEN(request->payload) + 2);
	sprintf(*get_url, "%s?%s", request->url, ZSTR_VAL(request->payload));
	curl_easy_setopt(c, CURLOPT_URL, *get_url);
}

/* Failures where the server never saw or never finished the request, worth another try. */
bool vtws_http_is_retryable(CURLcode code, long status)
{
	switch (code) {
		case CURLE_OK:
			return status == 502 || status == 503 || status == 504;
		case CURLE_COULDNT_RESOLVE_HOST:
		case CURLE_COULDNT_CONNECT:
		case CURLE_OPERATION_TIMEDOUT:
		case CURLE_SEND_ERROR:
		case CURLE_RECV_ERROR:
		case CURLE_GOT_NOTHING:
		case CURLE_PARTIAL_FILE:
			return true;
		default:
			return false;
	}
}

/* Exponential backoff with jitter: 100 ms, 200 ms, 400 ms ... capped at 2 s. */
zend_long vtws_http_backoff_us(zend_long attempt)
{
	zend_long cap = 100000L << (attempt < 5 ? attempt : 5);
	if (cap > 2000000L) {
		cap = 2000000L;
	}
	return php_mt_rand_range(cap / 2, cap);
}

static CURLcode perform_once(vtws_http *http, const vtws_http_request *request,
	vtws_http_response *response)
{
	char *get_url = NULL;

	vtws_http_response_dtor(response);
	response->limit = (size_t) http->options.max_response_size;
	http->error[0] = '\0';
	prepare_request(http, http->curl, request, &get_url);
	curl_easy_setopt(http->curl, CURLOPT_WRITEDATA, response);
	curl_easy_setopt(http->curl, CURLOPT_HEADERDATA, response);

	CURLcode code = curl_easy_perform(http->curl);
	curl_easy_getinfo(http->curl, CURLINFO_RESPONSE_CODE, &response->status);
	if (request->mime) {
		/* The handle must not keep pointing into a multipart body its owner frees next. */
		curl_easy_setopt(http->curl, CURLOPT_MIMEPOST, NULL);
	}
	/* The handle outlives this request: no verb, header list or response pointer of it may
	 * linger on the handle for the next one. */
	curl_easy_setopt(http->curl, CURLOPT_CUSTOMREQUEST, NULL);
	curl_easy_setopt(http->curl, CURLOPT_HTTPHEADER, http->headers);
	curl_easy_setopt(http->curl, CURLOPT_HEADERDATA, NULL);
	if (get_url) {
		/* The URL carries the session name: libcurl keeps its own copy, drop ours now. */
		efree(get_url);
	}
	return code;
}

void vtws_http_throw_failure(const vtws_http_request *request, const vtws_http_response *response,
	CURLcode code, const char *error_buffer)
{
	vtws_error_context ctx = {
		.operation = request->operation,
		.http_status = response->status,
		.secret = request->secret,
	};
	if (response->too_large) {
		vtws_throw_transport_error(&ctx, "%s: response larger than max_response_size (%zu bytes)",
			request->operation, response->limit);
		return;
	}
	vtws_throw_transport_error(&ctx, "%s: %s (curl error %d: %s)", request->operation,
		curl_easy_strerror(code), (int) code, error_buffer[0] ? error_buffer : "no details");
}

zend_result vtws_http_perform(vtws_http *http, const vtws_http_request *request,
	vtws_http_response *response)
{
	zend_long attempts = request->method == VTWS_GET || request->idempotent
		? 1 + http->options.retries
		: 1;
	CURLcode code = CURLE_OK;

	memset(response, 0, sizeof(*response));
	for (zend_long attempt = 0; attempt < attempts; attempt++) {
		if (attempt > 0) {
			usleep((useconds_t) vtws_http_backoff_us(attempt - 1));
		}
		code = perform_once(http, request, response);
		if (!vtws_http_is_retryable(code, response->status) || response->too_large) {
			break;
		}
	}
	if (code != CURLE_OK) {
		vtws_http_throw_failure(request, response, code, http->error);
		vtws_http_response_dtor(response);
		return FAILURE;
	}
	smart_str_0(&response->body);
	return SUCCESS;
}

/* ---- concurrent transfers ---- */

CURLM *vtws_http_multi(vtws_http *http)
{
	if (!http->multi) {
		http->multi = curl_multi_init();
		if (!http->multi) {
			vtws_error_context ctx = {.operation = "init"};
			vtws_throw_transport_error(&ctx, "libcurl could not create a multi handle");
		}
	}
	return http->multi;
}

CURL *vtws_http_acquire(vtws_http *http)
{
	if (http->spare_count > 0) {
		return http->spare[--http->spare_count];
	}
	CURL *handle = curl_easy_init();
	if (!handle) {
		return NULL;
	}
	/* The error buffer is set per transfer by vtws_http_prepare(). */
	apply_options(http, handle, NULL);
	return handle;
}

void vtws_http_release(vtws_http *http, CURL *handle)
{
	if (http->spare_count < VTWS_MAX_CONCURRENCY) {
		http->spare[http->spare_count++] = handle;
		return;
	}
	curl_easy_cleanup(handle);
}

void vtws_http_prepare(vtws_http *http, CURL *handle, const vtws_http_request *request,
	vtws_http_response *response, char *error_buffer, char **get_url)
{
	memset(response, 0, sizeof(*response));
	response->limit = (size_t) http->options.max_response_size;
	error_buffer[0] = '\0';
	*get_url = NULL;
	curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
	curl_easy_setopt(handle, CURLOPT_WRITEDATA, response);
	curl_easy_setopt(handle, CURLOPT_HEADERDATA, response);
	prepare_request(http, handle, request, get_url);
}
