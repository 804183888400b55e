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
	smart_str_appendl(&response->body, data, len);
	return len;
}

static long milliseconds(double seconds)
{
	return (long) (seconds * 1000.0 + 0.5);
}

static void apply_options(vtws_http *http)
{
	CURL *c = http->curl;
	const vtws_http_options *o = &http->options;

	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, http->error);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect_body);
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
	apply_options(http);
	return SUCCESS;
}

void vtws_http_dtor(vtws_http *http)
{
	if (http->curl) {
		curl_easy_cleanup(http->curl);
		http->curl = NULL;
	}
	curl_slist_free_all(http->headers);
	http->headers = NULL;
	vtws_http_options_dtor(&http->options);
}

void vtws_http_response_dtor(vtws_http_response *response)
{
	smart_str_free(&response->body);
	memset(response, 0, sizeof(*response));
}

static void prepare_request(vtws_http *http, const vtws_http_request *request, char **get_url)
{
	CURL *c = http->curl;

	if (request->method == VTWS_POST) {
		curl_easy_setopt(c, CURLOPT_URL, request->url);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) ZSTR_LEN(request->payload));
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, ZSTR_VAL(request->payload));
		return;
	}
	*get_url = emalloc(strlen(request->url) + ZSTR_LEN(request->payload) + 2);
	sprintf(*get_url, "%s?%s", request->url, ZSTR_VAL(request->payload));
	curl_easy_setopt(c, CURLOPT_URL, *get_url);
	curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
}

/* Failures where the server never saw or never finished the request, worth another try. */
static bool is_retryable(CURLcode code, long status)
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

/* Exponential backoff with full jitter: 100 ms, 200 ms, 400 ms ... capped at 2 s. */
static void backoff(zend_long attempt)
{
	zend_long cap = 100000L << (attempt < 5 ? attempt : 5);
	if (cap > 2000000L) {
		cap = 2000000L;
	}
	usleep((useconds_t) php_mt_rand_range(cap / 2, cap));
}

static CURLcode perform_once(vtws_http *http, const vtws_http_request *request,
	vtws_http_response *response)
{
	char *get_url = NULL;

	vtws_http_response_dtor(response);
	response->limit = (size_t) http->options.max_response_size;
	http->error[0] = '\0';
	prepare_request(http, request, &get_url);
	curl_easy_setopt(http->curl, CURLOPT_WRITEDATA, response);

	CURLcode code = curl_easy_perform(http->curl);
	curl_easy_getinfo(http->curl, CURLINFO_RESPONSE_CODE, &response->status);
	if (get_url) {
		/* The URL carries the session name: libcurl keeps its own copy, drop ours now. */
		efree(get_url);
	}
	return code;
}

static void throw_curl_error(vtws_http *http, const vtws_http_request *request,
	vtws_http_response *response, CURLcode code)
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
		curl_easy_strerror(code), (int) code, http->error[0] ? http->error : "no details");
}

zend_result vtws_http_perform(vtws_http *http, const vtws_http_request *request,
	vtws_http_response *response)
{
	zend_long attempts = request->method == VTWS_GET ? 1 + http->options.retries : 1;
	CURLcode code = CURLE_OK;

	memset(response, 0, sizeof(*response));
	for (zend_long attempt = 0; attempt < attempts; attempt++) {
		if (attempt > 0) {
			backoff(attempt - 1);
		}
		code = perform_once(http, request, response);
		if (!is_retryable(code, response->status) || response->too_large) {
			break;
		}
	}
	if (code != CURLE_OK) {
		throw_curl_error(http, request, response, code);
		vtws_http_response_dtor(response);
		return FAILURE;
	}
	smart_str_0(&response->body);
	return SUCCESS;
}
